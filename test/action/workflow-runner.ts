// Runs the jobs of a workflow file the way the runner does, for the org-scan e2e: each job instance
// (one per matrix combination) in a fresh workspace, `run:` steps through `bash --noprofile --norc
// -eo pipefail` with the step's `env:` and `working-directory:`, the GITHUB_* variables and
// file-command files (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY), `if:` conditions, step and job outputs,
// `needs.*` and `fromJSON` matrices. The few `uses:` actions the workflow names are emulated:
// checkout of Trustgate itself (this built checkout, linked), setup-node (the running node), and
// upload/download-artifact (folders under a run-wide artifact store, immutable per name, as v4+).
// The `install` step (npm ci in the Trustgate checkout) is what the linked, already built checkout is.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseFileCommand, ROOT } from './harness.js';

export interface RunContext {
  inputs: Record<string, string | number | boolean>;
  secrets: Record<string, string>;
  /** Extra runner environment (GITHUB_API_URL, GITHUB_SERVER_URL...). */
  env: Record<string, string>;
  /** Artifact store of the run. */
  artifacts: string;
  needs: Record<string, { result: string; outputs: Record<string, string> }>;
}

export interface StepRun {
  id?: string;
  name: string;
  skipped?: boolean;
  code: number;
  ms: number;
  stdout: string;
  stderr: string;
}

export interface JobRun {
  job: string;
  matrix: Record<string, unknown>;
  result: 'success' | 'failure';
  outputs: Record<string, string>;
  summary: string;
  steps: StepRun[];
  ms: number;
}

type Ctx = RunContext & { matrix: Record<string, unknown>; steps: Record<string, { outputs: Record<string, string> }>; job: { status: string } };

function lookup(path: string, ctx: Ctx): unknown {
  let v: unknown = ctx;
  for (const k of path.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

/** The expression forms the org-scan workflow uses: context paths, ==, !=, &&, !cancelled(), fromJSON(). */
export function evaluate(expr: string, ctx: Ctx): unknown {
  const e = expr.trim();
  if (e.includes('&&')) return e.split('&&').every((p) => truthy(evaluate(p, ctx)));
  let m = /^(.+?)\s*(==|!=)\s*'([^']*)'$/.exec(e);
  if (m) return (String(evaluate(m[1], ctx) ?? '') === m[3]) === (m[2] === '==');
  if (e === '!cancelled()') return true;
  if (e === 'always()') return true;
  if (e === 'success()') return ctx.job.status === 'success';
  if ((m = /^fromJSON\((.+)\)$/.exec(e))) return JSON.parse(String(evaluate(m[1], ctx)));
  if (/^'[^']*'$/.test(e)) return e.slice(1, -1);
  if (/^[\w.-]+$/.test(e)) return lookup(e, ctx);
  throw new Error(`expression not supported by the test runner: ${e}`);
}
const truthy = (v: unknown) => v !== false && v !== '' && v !== 0 && v !== null && v !== undefined && v !== 'false';

/** `${{ }}` inside a string; a string that is one whole expression keeps the value's type. */
function interpolate(v: unknown, ctx: Ctx): unknown {
  if (typeof v !== 'string') return v;
  const whole = /^\$\{\{(.+)\}\}$/s.exec(v.trim());
  if (whole && !whole[1].includes('}}')) return evaluate(whole[1], ctx);
  return v.replace(/\$\{\{(.+?)\}\}/g, (_, x) => String(evaluate(x, ctx) ?? ''));
}

function condition(v: unknown, ctx: Ctx): boolean {
  if (v === undefined) return ctx.job.status === 'success';
  const s = String(v).trim();
  return truthy(evaluate(s.startsWith('${{') ? s.slice(3, -2) : s, ctx));
}

function bash(script: string, cwd: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((res) => {
    const c = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd, env });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d) => (stdout += d));
    c.stderr.on('data', (d) => (stderr += d));
    c.on('close', (code) => res({ code: code ?? 1, stdout, stderr }));
  });
}

const copyInto = (from: string, to: string) => {
  mkdirSync(to, { recursive: true });
  for (const e of readdirSync(from)) cpSync(join(from, e), join(to, e), { recursive: true });
};

function emulate(action: string, w: Record<string, unknown>, workspace: string, ctx: Ctx): void {
  const name = action.replace(/@.*$/, '');
  if (name === 'actions/checkout') {
    if (w.repository !== 'trustgate-dev/trustgate') throw new Error(`checkout of ${w.repository} is not emulated`);
    symlinkSync(ROOT, join(workspace, String(w.path)));
  } else if (name === 'actions/setup-node') {
    // The node running the tests (Node 20+) is on PATH.
  } else if (name === 'actions/upload-artifact') {
    const dest = join(ctx.artifacts, String(w.name));
    if (existsSync(dest)) throw new Error(`artifact ${w.name} already exists (artifacts are immutable)`);
    const src = join(workspace, String(w.path));
    if (!existsSync(src) || !readdirSync(src).length) {
      if (w['if-no-files-found'] === 'error') throw new Error(`no files at ${w.path} for artifact ${w.name}`);
      return;
    }
    copyInto(src, dest);
  } else if (name === 'actions/download-artifact') {
    const to = join(workspace, String(w.path ?? '.'));
    if (w.name) copyInto(join(ctx.artifacts, String(w.name)), to);
    else {
      const re = new RegExp('^' + String(w.pattern).replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*') + '$');
      for (const a of readdirSync(ctx.artifacts).filter((x) => re.test(x))) copyInto(join(ctx.artifacts, a), join(to, a));
    }
  } else throw new Error(`action ${action} is not emulated`);
}

export function readWorkflow(path: string): any {
  return parseYaml(readFileSync(path, 'utf8'));
}

/** One job instance. */
async function runInstance(wf: any, jobId: string, matrix: Record<string, unknown>, rc: RunContext): Promise<JobRun> {
  const job = wf.jobs[jobId];
  const t0 = Date.now();
  const tmp = mkdtempSync(join(tmpdir(), 'tg-job-'));
  const workspace = join(tmp, 'workspace');
  const runnerTemp = join(tmp, 'runner-temp');
  mkdirSync(workspace);
  mkdirSync(runnerTemp);
  const ctx: Ctx = { ...rc, matrix, steps: {}, job: { status: 'success' } };
  const steps: StepRun[] = [];
  let summary = '';
  for (const [i, s] of (job.steps as any[]).entries()) {
    const name = s.name ?? s.id ?? s.uses ?? `step ${i}`;
    if (!condition(s.if, ctx)) {
      steps.push({ id: s.id, name, skipped: true, code: 0, ms: 0, stdout: '', stderr: '' });
      continue;
    }
    const ts = Date.now();
    if (s.id === 'install') {
      steps.push({ id: s.id, name, code: 0, ms: 0, stdout: '(the linked checkout is built and installed)', stderr: '' });
      continue;
    }
    if (s.uses) {
      const w = Object.fromEntries(Object.entries(s.with ?? {}).map(([k, v]) => [k, interpolate(v, ctx)]));
      try {
        emulate(s.uses, w, workspace, ctx);
        steps.push({ id: s.id, name, code: 0, ms: Date.now() - ts, stdout: '', stderr: '' });
      } catch (e) {
        steps.push({ id: s.id, name, code: 1, ms: Date.now() - ts, stdout: '', stderr: (e as Error).message });
        ctx.job.status = 'failure';
      }
      continue;
    }
    const files: Record<string, string> = {};
    for (const k of ['GITHUB_OUTPUT', 'GITHUB_STEP_SUMMARY', 'GITHUB_ENV', 'GITHUB_PATH', 'GITHUB_STATE']) {
      files[k] = join(runnerTemp, `${k.toLowerCase()}-${i}`);
      writeFileSync(files[k], '');
    }
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: tmp,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: workspace,
      GITHUB_JOB: jobId,
      GITHUB_REPOSITORY: 'acme/.github',
      GITHUB_EVENT_NAME: 'schedule',
      GITHUB_RUN_ID: '2001',
      RUNNER_TEMP: runnerTemp,
      RUNNER_OS: 'Linux',
      ...rc.env,
      ...files,
      ...Object.fromEntries(Object.entries(s.env ?? {}).map(([k, v]) => [k, String(interpolate(v, ctx) ?? '')])),
    };
    const r = await bash(String(s.run), join(workspace, s['working-directory'] ?? '.'), env);
    steps.push({ id: s.id, name, code: r.code, ms: Date.now() - ts, stdout: r.stdout, stderr: r.stderr });
    if (s.id) ctx.steps[s.id] = { outputs: parseFileCommand(readFileSync(files.GITHUB_OUTPUT, 'utf8')) };
    summary += readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8');
    if (r.code !== 0) ctx.job.status = 'failure';
  }
  const outputs = Object.fromEntries(Object.entries(job.outputs ?? {}).map(([k, v]) => [k, String(interpolate(v, ctx) ?? '')]));
  return { job: jobId, matrix, result: ctx.job.status === 'success' ? 'success' : 'failure', outputs, summary, steps, ms: Date.now() - t0 };
}

/**
 * A job with all its matrix instances (`parallel` at a time); records needs.<job>. A job whose `if:`
 * is false is skipped (result "skipped", no instance).
 */
export async function runJob(wf: any, jobId: string, rc: RunContext, parallel = 1): Promise<JobRun[]> {
  const job = wf.jobs[jobId];
  const ctx: Ctx = { ...rc, matrix: {}, steps: {}, job: { status: 'success' } };
  if (job.if !== undefined && !condition(job.if, ctx)) {
    rc.needs[jobId] = { result: 'skipped', outputs: {} };
    return [];
  }
  const m = interpolate(job.strategy?.matrix, ctx) as Record<string, unknown[]> | undefined;
  const combos: Record<string, unknown>[] = m ? Object.entries(m).reduce<Record<string, unknown>[]>((acc, [k, vs]) => acc.flatMap((a) => vs.map((v) => ({ ...a, [k]: v }))), [{}]) : [{}];
  const runs: JobRun[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, combos.length) }, async () => {
      while (next < combos.length) {
        const c = combos[next++];
        runs.push(await runInstance(wf, jobId, c, rc));
      }
    }),
  );
  rc.needs[jobId] = { result: runs.every((r) => r.result === 'success') ? 'success' : 'failure', outputs: runs[0]?.outputs ?? {} };
  return runs;
}
