// Runs the bundled Action the way the runner does for a `node24` action: node <runs.main>, cwd =
// GITHUB_WORKSPACE, INPUT_* from `with:` and action.yml defaults (hyphens kept, upper-cased), the
// GITHUB_* variables and file-command files, then parses what came back (workflow commands, outputs,
// summary, exit code).
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { FakeGitHub } from './fake-github.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TOKEN = 'ghs_testtoken0123456789';

export interface Command {
  command: string;
  props: Record<string, string>;
  message: string;
  raw: string;
}

/** Workflow commands as the runner reads them: `::name k=v,k=v::data`, with the runner's unescaping. */
export function parseCommands(stdout: string): Command[] {
  const unData = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
  const unProp = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  const out: Command[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const m = /^::([A-Za-z-]+)(?: ([^:]*))?::(.*)$/.exec(line.trimStart());
    if (!m) continue;
    const props: Record<string, string> = {};
    if (m[2]) for (const kv of m[2].split(',')) {
      const i = kv.indexOf('=');
      props[kv.slice(0, i)] = unProp(kv.slice(i + 1));
    }
    out.push({ command: m[1], props, message: unData(m[3]), raw: line });
  }
  return out;
}

const CHECK_LEVEL: Record<string, string> = { failure: 'error', warning: 'warning', notice: 'notice' };

/**
 * Every annotation a run left on the diff, whichever channel carried it: its workflow commands with a
 * file, and the annotations of the check run it created (the id it logs), in the workflow-command shape.
 */
export function diffAnnotations(r: Pick<RunResult, 'commands' | 'stdout'>, checkRuns?: FakeGitHub['checkRuns']): Command[] {
  const commands = r.commands.filter((c) => ['error', 'warning', 'notice'].includes(c.command) && c.props.file);
  const id = /^Check run (\d+): /m.exec(r.stdout)?.[1];
  const run = id ? checkRuns?.get(Number(id)) : undefined;
  const fromCheck = (run?.annotations ?? []).map((a): Command => {
    const props: Record<string, string> = { title: a.title, file: a.path, line: String(a.start_line), endLine: String(a.end_line) };
    if (a.start_column !== undefined) Object.assign(props, { col: String(a.start_column), endColumn: String(a.end_column) });
    return { command: CHECK_LEVEL[a.annotation_level], props, message: a.message, raw: `check-run ${id}` };
  });
  return [...commands, ...fromCheck];
}

/** GITHUB_OUTPUT / GITHUB_STATE: `name=value` or the heredoc form `name<<DELIM` … `DELIM`. */
export function parseFileCommand(text: string): Record<string, string> {
  const res: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (!l) continue;
    const h = /^([^=<]+)<<(.+)$/.exec(l);
    if (h) {
      const v: string[] = [];
      while (++i < lines.length && lines[i] !== h[2]) v.push(lines[i]);
      res[h[1]] = v.join('\n');
    } else {
      const j = l.indexOf('=');
      res[l.slice(0, j)] = l.slice(j + 1);
    }
  }
  return res;
}

export interface RunResult {
  code: number | null;
  ms: number;
  stdout: string;
  stderr: string;
  commands: Command[];
  outputs: Record<string, string>;
  summary: string;
  runnerTemp: string;
  env: Record<string, string>;
}

export interface RunOptions {
  workspace: string;
  inputs?: Record<string, string | number | boolean>;
  event: Record<string, unknown>;
  eventName?: string;
  apiUrl: string;
  sha?: string;
  node?: string;
  timeoutMs?: number;
  /** Extra environment of the runner (e.g. RUNNER_ENVIRONMENT, TF_CLI_CONFIG_FILE). */
  env?: Record<string, string>;
}

interface ActionMeta {
  runs: { using: string; main: string };
  inputs?: Record<string, { default?: string }>;
}

export function actionMeta(): ActionMeta {
  return parseYaml(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionMeta;
}

export async function runAction(o: RunOptions): Promise<RunResult> {
  const meta = actionMeta();
  if (!/^node\d+$/.test(meta.runs.using)) throw new Error('not a JavaScript action: ' + meta.runs.using);
  const tmp = mkdtempSync(join(tmpdir(), 'tg-runner-'));
  const files: Record<string, string> = {};
  for (const k of ['GITHUB_OUTPUT', 'GITHUB_STEP_SUMMARY', 'GITHUB_STATE', 'GITHUB_ENV', 'GITHUB_PATH']) {
    files[k] = join(tmp, k.toLowerCase());
    writeFileSync(files[k], '');
  }
  const eventPath = join(tmp, 'event.json');
  writeFileSync(eventPath, JSON.stringify(o.event));
  const repo = o.event.repository as { full_name: string; owner: { login: string } };
  const pr = o.event.pull_request as { number: number; head: { ref: string; sha: string }; base: { ref: string } } | undefined;
  const runnerTemp = join(tmp, 'runner-temp');
  mkdirSync(runnerTemp);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: tmp,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: o.eventName ?? 'pull_request',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_WORKSPACE: o.workspace,
    GITHUB_REPOSITORY: repo.full_name,
    GITHUB_REPOSITORY_OWNER: repo.owner.login,
    GITHUB_SHA: o.sha ?? pr?.head.sha ?? 'a'.repeat(40),
    GITHUB_REF: pr ? `refs/pull/${pr.number}/merge` : 'refs/heads/main',
    GITHUB_HEAD_REF: pr?.head.ref ?? '',
    GITHUB_BASE_REF: pr?.base.ref ?? '',
    GITHUB_ACTOR: 'octocat',
    GITHUB_RUN_ID: '1001',
    GITHUB_RUN_NUMBER: '7',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: 'trustgate',
    GITHUB_ACTION: '__self',
    GITHUB_WORKFLOW: 'trustgate',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: o.apiUrl,
    GITHUB_GRAPHQL_URL: o.apiUrl + '/graphql',
    RUNNER_TEMP: runnerTemp,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'local',
    RUNNER_TOOL_CACHE: join(tmp, 'tool-cache'),
    ...files,
    ...o.env,
  };
  for (const [name, def] of Object.entries(meta.inputs ?? {})) {
    let v = o.inputs && name in o.inputs ? String(o.inputs[name]) : def.default !== undefined ? String(def.default) : '';
    v = v.replace(/\$\{\{\s*github\.token\s*\}\}/g, TOKEN);
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = v;
  }
  const t0 = Date.now();
  const child = spawn(o.node ?? process.env.ACTION_NODE ?? process.execPath, [join(ROOT, meta.runs.main)], { cwd: o.workspace, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 60_000);
  const code = await new Promise<number | null>((r) => child.on('close', r));
  clearTimeout(timer);
  const res: RunResult = {
    code,
    ms: Date.now() - t0,
    stdout,
    stderr,
    commands: parseCommands(stdout),
    outputs: parseFileCommand(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
    summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
    runnerTemp,
    env,
  };
  return res;
}

// ── Real git repositories for base/head ─────────────────────────────────────────────────────────

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};
export const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

export type Tree = Record<string, string | null>; // null deletes the file

function writeTree(dir: string, tree: Tree) {
  for (const [p, c] of Object.entries(tree)) {
    const abs = join(dir, p);
    if (c === null) rmSync(abs, { force: true });
    else {
      mkdirSync(dirname(abs), { recursive: true });
      writeFileSync(abs, c);
    }
  }
}

export interface PrFileEntry {
  filename: string;
  status: 'added' | 'modified' | 'removed' | 'renamed';
  previous_filename?: string;
  additions: number;
  deletions: number;
  changes: number;
  patch?: string;
  sha: string;
}

export interface PrRepo {
  dir: string;
  baseSha: string;
  headSha: string;
  /** The PR files exactly as GET /pulls/{n}/files describes them, patches from a real `git diff`. */
  prFiles: PrFileEntry[];
}

/** A git repository with a base commit on main and a head commit on a branch, checked out at head. */
export function makePrRepo(base: Tree, head: Tree, opts: { replace?: boolean } = {}): PrRepo {
  const dir = mkdtempSync(join(tmpdir(), 'tg-ws-'));
  git(dir, 'init', '-q', '-b', 'main');
  writeTree(dir, base);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base', '--allow-empty');
  const baseSha = git(dir, 'rev-parse', 'HEAD').trim();
  git(dir, 'checkout', '-q', '-b', 'feature');
  if (opts.replace) {
    for (const f of git(dir, 'ls-files', '-z').split('\0').filter(Boolean)) rmSync(join(dir, f), { force: true });
  }
  writeTree(dir, head);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'head', '--allow-empty');
  const headSha = git(dir, 'rev-parse', 'HEAD').trim();
  return { dir, baseSha, headSha, prFiles: prFilesOf(dir, baseSha, headSha) };
}

/** What GitHub's PR files endpoint returns, computed with git: status, rename source, hunks-only patch. */
export function prFilesOf(dir: string, baseSha: string, headSha: string): PrFileEntry[] {
  const out: PrFileEntry[] = [];
  const st = git(dir, 'diff', '--name-status', '-z', '-M', baseSha, headSha).split('\0').filter((x) => x !== '');
  for (let i = 0; i < st.length; ) {
    const s = st[i++];
    let status: PrFileEntry['status'];
    let previous: string | undefined;
    let filename: string;
    if (s.startsWith('R')) {
      previous = st[i++];
      filename = st[i++];
      status = 'renamed';
    } else {
      filename = st[i++];
      status = s === 'A' ? 'added' : s === 'D' ? 'removed' : 'modified';
    }
    const full = git(dir, 'diff', '--no-color', '-M', baseSha, headSha, '--', ...(previous ? [previous, filename] : [filename]));
    const at = full.indexOf('\n@@');
    const patch = at >= 0 ? full.slice(at + 1).replace(/\n$/, '') : undefined;
    const additions = (patch?.match(/^\+/gm) ?? []).length;
    const deletions = (patch?.match(/^-/gm) ?? []).length;
    out.push({ filename, status, ...(previous ? { previous_filename: previous } : {}), additions, deletions, changes: additions + deletions, ...(patch ? { patch } : {}), sha: '0'.repeat(40) });
  }
  return out;
}

export function prEvent(n: number, r: { baseSha: string; headSha: string }, extra: { fork?: boolean } = {}) {
  const repository = { id: 1, name: 'infra', full_name: 'acme/infra', private: false, owner: { login: 'acme', type: 'Organization' }, html_url: 'https://github.com/acme/infra', default_branch: 'main' };
  const headRepo = extra.fork ? { ...repository, full_name: 'mallory/infra', owner: { login: 'mallory', type: 'User' } } : repository;
  return {
    action: 'synchronize',
    number: n,
    pull_request: {
      number: n,
      state: 'open',
      title: 'Add partner exports bucket',
      html_url: `https://github.com/acme/infra/pull/${n}`,
      user: { login: extra.fork ? 'mallory' : 'octocat', type: 'User' },
      head: { ref: 'feature', sha: r.headSha, repo: headRepo },
      base: { ref: 'main', sha: r.baseSha, repo: repository },
      merge_commit_sha: 'c'.repeat(40),
      draft: false,
    },
    repository,
    sender: { login: extra.fork ? 'mallory' : 'octocat', type: 'User' },
  };
}

export function pushEvent(sha: string) {
  const repository = { id: 1, name: 'infra', full_name: 'acme/infra', private: false, owner: { login: 'acme', name: 'acme' }, html_url: 'https://github.com/acme/infra', default_branch: 'main' };
  return { ref: 'refs/heads/main', before: '0'.repeat(40), after: sha, head_commit: { id: sha, message: 'change' }, repository, pusher: { name: 'octocat' }, sender: { login: 'octocat' } };
}
