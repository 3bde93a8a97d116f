// `trustgate org plan` and `trustgate org scan-batch`: the steps of the org-scan workflow
// (.github/workflows/org-scan.yml), runnable anywhere with a token. The token is read from the
// environment (GITHUB_TOKEN), never from the command line. Exit codes: 0 done (a repository that
// could not be scanned is a record in the output, not a failure), 2 usage error, or the plan could
// not be made (the API refused the listing).
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { ALL_RULES } from '../rules/index.js';
import { loadConfig, parsePersona } from '../core/config.js';
import { GitHubApi, GitHubError } from '../core/github.js';
import { PLAN_KIND, type OrgPlan } from '../core/org/files.js';
import { planOrg } from '../core/org/plan.js';
import { scanBatch } from '../core/org/scan-batch.js';
import { writeFileSafe } from '../core/safe-write.js';
import { UsageError, type Args, type CliIO, type Command } from './command.js';

const ENV_HELP = `  Environment: GITHUB_TOKEN (metadata + contents read; administration read for branch protection),
  GITHUB_API_URL (default https://api.github.com), GITHUB_SERVER_URL (default https://github.com).
  The token is read from the environment only, never from the command line.`;

const PLAN_USAGE = `  trustgate org plan --organisation ORG [--topic T]... [--name GLOB]... [--exclude-name GLOB]...
                     [--include-archived] [--include-forks] [--batch-size N] [--max-jobs N] --output FILE
  Lists the organisation's repositories, filters them and cuts them into matrix batches (at most
  256 jobs, at least N repositories per job, default 20). Writes the plan to FILE and, on Actions,
  the outputs \`matrix\` ({"batch":[0,1,...]}), \`batches\` and \`repositories\`.
  Archived repositories and forks are left out unless included; --topic, --name and --exclude-name
  take one value or a comma-separated list.
${ENV_HELP}`;

const SCAN_BATCH_USAGE = `  trustgate org scan-batch --plan FILE --batch N --output DIR [--persona regular|pedantic|auditor] [--config FILE]
                           [--readiness]
  Fetches (depth 1, nothing from the repository runs) and scans each repository of batch N; writes
  DIR/<owner>__<name>/repo.json and scan.json. A repository that cannot be scanned is recorded with
  the reason; the exit code stays 0. --config applies one policy to every repository (default: each
  repository's own .trustgate.yml). --readiness also writes readiness.json, the repository's SOC 2
  readiness report (trustgate report --format json), which trustgate aggregate folds per section.
${ENV_HELP}`;

const count = (v: string | undefined, name: string, def: number, max: number) => {
  const n = v === undefined ? def : Number(v);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`--${name} must be a whole number from 1 to ${max}`);
  return n;
};

const apiOf = (env: NodeJS.ProcessEnv) => ({ apiUrl: env.GITHUB_API_URL || 'https://api.github.com', serverUrl: env.GITHUB_SERVER_URL || 'https://github.com', token: env.GITHUB_TOKEN ?? '' });

/** Workflow outputs (GITHUB_OUTPUT) when running on Actions. */
function setOutput(env: NodeJS.ProcessEnv, name: string, value: string) {
  if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, `${name}=${value}\n`);
}

async function runPlan(args: Args, io: CliIO): Promise<number> {
  const v = args.values as { organisation?: string; topic?: string[]; name?: string[]; 'exclude-name'?: string[]; 'include-archived'?: boolean; 'include-forks'?: boolean; 'batch-size'?: string; 'max-jobs'?: string; output?: string };
  if (args.positionals.length) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
  if (!v.organisation) throw new UsageError('--organisation is required');
  if (!v.output) throw new UsageError('--output is required (the plan file)');
  // Workflow inputs arrive as one comma- or space-separated string: accept both forms.
  const list = (xs?: string[]) => (xs ?? []).flatMap((x) => x.split(/[\s,]+/)).filter(Boolean);
  const { apiUrl, token } = apiOf(io.env);
  let plan: OrgPlan;
  try {
    plan = await planOrg(new GitHubApi(apiUrl, token, `${v.organisation}/-`), {
      organisation: v.organisation,
      filter: { topics: list(v.topic), names: list(v.name), excludeNames: list(v['exclude-name']), includeArchived: !!v['include-archived'], includeForks: !!v['include-forks'] },
      batchSize: count(v['batch-size'], 'batch-size', 20, 10_000),
      maxJobs: count(v['max-jobs'], 'max-jobs', 256, 256),
    });
  } catch (e) {
    if (e instanceof UsageError) throw e;
    io.stderr(`trustgate org: cannot list the repositories of ${v.organisation}: ${(e as Error).message}${e instanceof GitHubError && (e.status === 401 || e.status === 403 || e.status === 404) ? ' (does the token have metadata:read on the organisation?)' : ''}\n`);
    return 2;
  }
  const out = resolve(io.cwd, v.output);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSafe(out, JSON.stringify(plan, null, 2) + '\n');
  const selected = plan.batches.reduce((a, b) => a + b.length, 0);
  setOutput(io.env, 'matrix', JSON.stringify({ batch: plan.batches.map((_, i) => i) }));
  setOutput(io.env, 'batches', String(plan.batches.length));
  setOutput(io.env, 'repositories', String(selected));
  const line = `${v.organisation}: ${plan.listed} repositories listed, ${selected} to scan in ${plan.batches.length} batch${plan.batches.length === 1 ? '' : 'es'}, ${plan.excluded.length} excluded`;
  io.stderr(`trustgate org: ${line}\n`);
  if (io.env.GITHUB_STEP_SUMMARY) appendFileSync(io.env.GITHUB_STEP_SUMMARY, `### Trustgate org plan\n\n${line.replace(/[<>&]/g, '')}\n`);
  return 0;
}

async function runScanBatch(args: Args, io: CliIO): Promise<number> {
  const v = args.values as { plan?: string; batch?: string; output?: string; persona?: string; config?: string; readiness?: boolean };
  if (args.positionals.length) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
  if (!v.plan || v.batch === undefined || !v.output) throw new UsageError('--plan, --batch and --output are required');
  const batch = Number(v.batch);
  if (!Number.isInteger(batch) || batch < 0) throw new UsageError('--batch must be a whole number from 0');
  let plan: OrgPlan;
  try {
    plan = JSON.parse(readFileSync(resolve(io.cwd, v.plan), 'utf8'));
  } catch (e) {
    throw new UsageError(`cannot read the plan ${v.plan}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (plan?.kind !== PLAN_KIND || !Array.isArray(plan.batches)) throw new UsageError(`${v.plan} is not a plan written by \`trustgate org plan\``);
  if (!Array.isArray(plan.batches[batch])) throw new UsageError(`the plan has no batch ${batch} (it has ${plan.batches.length})`);
  const persona = v.persona === undefined ? undefined : parsePersona(v.persona, (m) => new UsageError(`--persona ${m}`));
  const config = v.config ? loadConfig(resolve(io.cwd, v.config), ALL_RULES) : undefined;
  const outDir = resolve(io.cwd, v.output);
  mkdirSync(outDir, { recursive: true });
  const workDir = mkdtempSync(join(io.env.RUNNER_TEMP || tmpdir(), 'tg-org-'));
  try {
    const r = await scanBatch({ plan, batch, outDir, workDir, ...apiOf(io.env), rules: ALL_RULES, persona, config, readiness: !!v.readiness, log: (l) => io.stderr(`${l}\n`) });
    io.stderr(`trustgate org: batch ${batch}: ${r.scanned} scanned, ${r.errors} not scanned (recorded with the reason)\n`);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  return 0;
}

export const orgPlanCommand: Command = {
  summary: "list, filter and batch the organisation's repositories (the workflow's plan job)",
  usage: PLAN_USAGE,
  options: {
    organisation: { type: 'string' },
    topic: { type: 'string', multiple: true },
    name: { type: 'string', multiple: true },
    'exclude-name': { type: 'string', multiple: true },
    'include-archived': { type: 'boolean' },
    'include-forks': { type: 'boolean' },
    'batch-size': { type: 'string' },
    'max-jobs': { type: 'string' },
    output: { type: 'string', short: 'o' },
  },
  run: runPlan,
};

export const orgScanBatchCommand: Command = {
  summary: 'fetch and scan one batch of the plan (the workflow\'s scan job)',
  usage: SCAN_BATCH_USAGE,
  options: { plan: { type: 'string' }, batch: { type: 'string' }, output: { type: 'string', short: 'o' }, persona: { type: 'string' }, config: { type: 'string', short: 'c' }, readiness: { type: 'boolean' } },
  run: runScanBatch,
};
