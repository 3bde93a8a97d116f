// The scan job of org mode, for one batch of the plan: per repository, a shallow fetch of the default
// branch (`git clone --depth 1 --single-branch`), the scan (in this process, as `trustgate scan --format
// json` would), the owner teams from
// CODEOWNERS and the branch's protection through the API; written as <out>/<owner>__<name>/repo.json
// and scan.json (and, with `readiness`, readiness.json: the repository's SOC 2 readiness report). A repository that fails at any step becomes a record with the reason; the batch goes on.
//
// Nothing from a fetched repository runs: hooks point at /dev/null, submodules are not fetched, LFS
// smudging is off, symlinks are checked out as plain files, and the engine only reads. The token goes
// to git through the environment (GIT_CONFIG_*), as an http.extraHeader scoped to the configured
// server URL with redirects off: never in a URL, an argument, the clone's .git/config or a log.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, defaultConfig, findConfig, loadConfig, type Config } from '../config.js';
import { scan } from '../engine.js';
import { GitHubApi, GitHubError } from '../github.js';
import { toJson } from '../report/json.js';
import { writeFileSafe } from '../safe-write.js';
import { ruleMeta, type Rule } from '../rule.js';
import type { Persona, ScanResult } from '../types.js';
import { buildGovernance } from '../governance/model.js';
import { buildReadiness, type ReadinessReport } from '../readiness/model.js';
import { today } from '../suppress.js';
import { CONTROL_CATALOGUE } from '../../rules/governance/_lib/catalogue.js';
import { repoOwners } from './codeowners.js';
import { READINESS_FILE, REPO_FILE, REPO_KIND, SCAN_FILE, type OrgPlan, type PlanRepository, type RepoRecord } from './files.js';
import { readProtection } from './protection.js';

/** owner/name as GitHub allows them (no `..`, no path separators, no option-like names). */
const REPO_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}\/(?!\.\.?$)[A-Za-z0-9_.-]{1,100}$/;
/** A branch name safe to put after refs/heads/ (git check-ref-format, simplified to be stricter). */
const BRANCH = /^(?!-)(?!.*\.\.)(?!.*\/\/)(?!.*@\{)[A-Za-z0-9._\/-]{1,250}(?<![./])$/;

export interface ScanBatchOptions {
  plan: OrgPlan;
  batch: number;
  outDir: string;
  /** Where clones are made (and removed). */
  workDir: string;
  apiUrl: string;
  /** The git server, e.g. https://github.com; the token's header is scoped to it. */
  serverUrl: string;
  token: string;
  rules: Rule[];
  persona?: Persona;
  /** A central .trustgate.yml applied to every repository; without it each repository's own, as `trustgate scan` does. */
  config?: Config;
  /** Also write each repository's SOC 2 readiness report (readiness.json) for `trustgate aggregate`. */
  readiness?: boolean;
  /** Per git command. */
  gitTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface BatchOutcome {
  scanned: number;
  errors: number;
}

/** Repositories fetched ahead of the one being scanned: fetches wait on the network, the scan on the CPU. */
const FETCH_AHEAD = 3;

export async function scanBatch(o: ScanBatchOptions): Promise<BatchOutcome> {
  const repos = o.plan.batches[o.batch];
  if (!repos) throw new Error(`the plan has no batch ${o.batch} (it has ${o.plan.batches.length})`);
  const out: BatchOutcome = { scanned: 0, errors: 0 };
  const fetched: Promise<Prepared>[] = [];
  const start = (i: number) => {
    if (i < repos.length) fetched[i] = prepare(repos[i], o);
  };
  for (let i = 0; i < FETCH_AHEAD; i++) start(i);
  for (let i = 0; i < repos.length; i++) {
    start(i + FETCH_AHEAD);
    const rec = await scanPrepared(await fetched[i], o);
    delete fetched[i];
    if (rec.status === 'scanned') out.scanned++;
    else out.errors++;
    o.log?.(`${rec.repository}: ${rec.status === 'scanned' ? `scanned in ${rec.seconds} s` : `not scanned: ${rec.reason}`}`);
  }
  return out;
}

interface Prepared {
  rec: RepoRecord;
  folder: string;
  t0: number;
  /** The clone's folder (removed after the scan). */
  dir?: string;
  /** The checked-out tree inside it, when the fetch succeeded. */
  tree?: string;
}

/** Validate, fetch and read the branch's protection: everything that waits on the network. Never throws. */
async function prepare(r: PlanRepository, o: ScanBatchOptions): Promise<Prepared> {
  const t0 = Date.now();
  const repository = String(r.repository);
  const rec: RepoRecord = { kind: REPO_KIND, repository, defaultBranch: r.defaultBranch, status: 'error' };
  const safeName = REPO_NAME.test(repository) ? repository.replace('/', '__') : undefined;
  const p: Prepared = { rec, t0, folder: join(o.outDir, safeName ?? `invalid-${Buffer.from(repository).toString('hex').slice(0, 64)}`) };
  if (!safeName) return (rec.reason = 'not a valid repository name'), p;
  if (!BRANCH.test(String(r.defaultBranch))) return (rec.reason = 'the default branch name is not one Trustgate fetches'), p;
  const dir = mkdtempSync(join(o.workDir, 'repo-'));
  p.dir = dir;
  try {
    const fetched = await fetchDefaultBranch(dir, repository, r.defaultBranch, o);
    if ('error' in fetched) {
      rec.reason = fetched.error;
      return p;
    }
    rec.commit = fetched.commit;
    p.tree = fetched.tree;
    try {
      rec.protection = await readProtection(new GitHubApi(o.apiUrl, o.token, repository, { retries: 3 }), r.defaultBranch);
    } catch (e) {
      rec.protection = { unavailable: e instanceof GitHubError ? e.message : `cannot read: ${(e as Error).message}` };
    }
  } catch (e) {
    rec.reason = `internal error: ${redact((e as Error).message, o.token)}`;
  }
  return p;
}

/** Scan a fetched repository and write its record (and scan result); the checkout is removed. Never throws. */
async function scanPrepared(p: Prepared, o: ScanBatchOptions): Promise<RepoRecord> {
  const { rec, dir, tree } = p;
  try {
    mkdirSync(p.folder, { recursive: true });
    if (tree) {
      rec.teams = repoOwners(tree);
      let config: Config | undefined;
      try {
        config = o.config ?? loadOwnConfig(tree, o.rules);
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        rec.reason = `its .trustgate.yml is invalid: ${e.message}`;
      }
      if (config) {
        if (o.persona) config = { ...config, persona: o.persona };
        // No environment: nothing in a scanned repository may reach the token (and no module is downloaded).
        const result = await scan({ paths: [tree], cwd: tree, config, rules: o.rules, env: {} });
        writeFileSafe(join(p.folder, SCAN_FILE), toJson(result, tree));
        if (o.readiness) writeFileSafe(join(p.folder, READINESS_FILE), JSON.stringify(readinessOf(result, config, tree, rec, o), null, 2) + '\n');
        rec.status = 'scanned';
      }
    }
  } catch (e) {
    rec.status = 'error';
    rec.reason = `internal error: ${redact((e as Error).message, o.token)}`;
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
  rec.seconds = Math.round((Date.now() - p.t0) / 100) / 10;
  writeFileSafe(join(p.folder, REPO_FILE), JSON.stringify(rec, null, 2) + '\n');
  return rec;
}

/** The readiness report of one scanned repository, as `trustgate report --format json` writes it (no git: the clone's .git is gone). */
function readinessOf(result: ScanResult, config: Config, tree: string, rec: RepoRecord, o: ScanBatchOptions): ReadinessReport {
  const web = `${o.serverUrl.replace(/\/+$/, '')}/${rec.repository}`;
  return buildReadiness({
    result,
    rules: o.rules.map(ruleMeta),
    config,
    cwd: tree,
    repo: { name: rec.repository, commit: rec.commit ?? null, blobBase: rec.commit && /^https:\/\//.test(web) ? `${web}/blob/${rec.commit}/` : null },
    governance: buildGovernance(config, CONTROL_CATALOGUE, today()),
  });
}

function loadOwnConfig(dir: string, rules: Rule[]): Config {
  // Only the repository's own file: never a config from the folders above the clone.
  const found = findConfig(dir, dir);
  return found ? loadConfig(found, rules) : defaultConfig();
}

const redact = (s: string, token: string) => (token ? s.split(token).join('***') : s);

/** A depth-1 fetch and checkout of refs/heads/<branch> into <dir>/tree, with nothing from the repository run. */
async function fetchDefaultBranch(dir: string, repository: string, branch: string, o: ScanBatchOptions): Promise<{ commit: string; tree: string } | { error: string }> {
  const server = o.serverUrl.replace(/\/+$/, '');
  const url = `${server}/${repository}.git`;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: dir,
    GIT_TERMINAL_PROMPT: '0',
    GIT_LFS_SKIP_SMUDGE: '1',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_ASKPASS: '/bin/false',
    SSH_ASKPASS: '/bin/false',
  };
  const config: [string, string][] = [
    ['core.hooksPath', '/dev/null'],
    ['core.symlinks', 'false'],
    ['core.fsmonitor', 'false'],
    ['protocol.file.allow', 'never'],
    ['http.followRedirects', 'false'],
    ['submodule.recurse', 'false'],
    ['init.defaultBranch', 'main'],
  ];
  // The header only for URLs under the configured server (git's URL-scoped http.<url>.* config).
  if (o.token) config.push([`http.${server}/.extraHeader`, `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${o.token}`).toString('base64')}`]);
  env.GIT_CONFIG_COUNT = String(config.length);
  config.forEach(([k, v], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = k;
    env[`GIT_CONFIG_VALUE_${i}`] = v;
  });
  const timeoutMs = o.gitTimeoutMs ?? 300_000;
  const git = (...args: string[]) =>
    new Promise<{ status: number | null; stderr: string; timedOut: boolean }>((res) => {
      const c = spawn('git', args, { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      let timedOut = false;
      c.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4096)));
      const timer = setTimeout(() => ((timedOut = true), c.kill('SIGKILL')), timeoutMs);
      c.on('error', (e) => (stderr += e.message));
      c.on('close', (status) => (clearTimeout(timer), res({ status, stderr, timedOut })));
    });
  const fail = (what: string, r: Awaited<ReturnType<typeof git>>) => {
    if (r.timedOut) return { error: `${what} failed: no result within ${Math.round(timeoutMs / 1000)} s` };
    const last = redact(r.stderr, o.token).trim().split('\n').filter(Boolean).pop() ?? '';
    return { error: `${what} failed (exit ${r.status}): ${last.slice(0, 300)}` };
  };
  // One process: clone is init + fetch + checkout, as `git fetch --depth 1` of the one branch.
  const r = await git('clone', '-q', '--depth', '1', '--single-branch', '--branch', branch, '--no-tags', '--no-recurse-submodules', '--', url, 'tree');
  if (r.status !== 0) return fail('fetch', r);
  const tree = join(dir, 'tree');
  let commit: string | undefined;
  try {
    commit = /^[0-9a-f]{40,64}/.exec(readFileSync(join(tree, '.git', 'refs', 'heads', ...branch.split('/')), 'utf8'))?.[0];
  } catch {
    commit = /^[0-9a-f]{40,64}/.exec(readFileSync(join(tree, '.git', 'shallow'), 'utf8'))?.[0];
  }
  // The scan reads the working tree only.
  rmSync(join(tree, '.git'), { recursive: true, force: true });
  return commit ? { commit, tree } : { error: 'fetch gave no commit' };
}
