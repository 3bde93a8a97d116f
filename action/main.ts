// The Action's run: read inputs, learn what the PR changed, scan (and scan the base), classify
// findings as new or pre-existing, then report through every channel (SARIF, annotations, check run,
// job summary, sticky comment, outputs) and gate on new findings at or above fail-on.
// Nothing from the scanned repository is executed; git runs only as plumbing (baseline.ts).
import * as core from '@actions/core';
import * as github from '@actions/github';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { UnsafePathError, writeFileSafe } from '../core/safe-write.js';
import { ALL_RULES } from '../rules/index.js';
import { ConfigError, defaultConfig, findConfig, loadConfig, type Config } from '../core/config.js';
import { scan } from '../core/engine.js';
import { relPath } from '../core/report/paths.js';
import { toSarif } from '../core/report/sarif.js';
import { ruleMeta } from '../core/rule.js';
import { SEVERITIES, type Finding, type ScanResult } from '../core/types.js';
import { emitAnnotations, planAnnotations, type AnnotationPlan } from './annotate.js';
import { apiFailure, client, logSafe } from './api.js';
import type { GitHubApi } from '../core/github.js';
import { evidence } from './evidence.js';
import { materializeCommit } from './baseline.js';
import { publishCheckRun, toCheckAnnotations, updateCheckRunOutput } from './checks.js';
import { classifyFindings, type Classified } from './classify.js';
import { upsertStickyComment, MARKER, MAX_COMMENT } from './comment.js';
import { listPrFiles, toChangeSet, type ChangeSet } from './diff.js';
import { InputError, readInputs, type ActionInputs } from './inputs.js';
import { renderReport, renderWithin, type ReportInput } from './summary.js';

export interface PullRequestInfo {
  number: number;
  headSha: string;
  baseSha?: string;
  /** The head branch lives in another repository (its token is read-only). */
  fromFork: boolean;
}

/** Everything a run knows; passed to every step, including steps added later (evidence, issue 4). */
export interface RunContext {
  inputs: ActionInputs;
  workspace: string;
  eventName: string;
  owner: string;
  repo: string;
  /** Commit the findings are linked to and the check run is attached to (the PR head on pull requests). */
  headSha: string;
  serverUrl: string;
  pr?: PullRequestInfo;
  /** The GitHub client (undefined without a token). */
  api?: GitHubApi;
  config: Config;
  result: ScanResult;
  changes?: ChangeSet;
  baseline: { sha?: string; used: boolean; findings?: Finding[] };
  classified: Classified[];
  /** New, unsuppressed findings at or above fail-on. */
  gating: Classified[];
  passed: boolean;
  sarifFile: string;
  /** The check run this run created, to publish what later steps add (the evidence ledger's head). */
  checkRun?: { id: number; title: string };
  annotations?: AnnotationPlan;
  /** One line each in the summary's Notes: degradations (403s, no base), facts. Plain text. */
  notes: string[];
  /** Step outputs, written at the end (findings, new-findings, sarif-file, result, ...). */
  outputs: Record<string, string>;
  /** Masks secret values in anything the Action writes outside the log. */
  redact: (s: string) => string;
}

export type Step = (ctx: RunContext) => Promise<void> | void;

// ─── Extension point: the SOC 2 CC8.1 evidence record (issue 4, core/evidence/) ───────────────────
// Add the evidence step here, e.g. `import { evidenceStep } from './evidence.js'` and
// `export const EXTRA_STEPS: Step[] = [evidenceStep]`. Extra steps run after the scan, the
// classification, SARIF, annotations and the check run, and before the job summary, the comment and
// the outputs are written; a step sets `ctx.outputs['evidence-file'] = <path>` (declare the output in
// action.yml, where a commented placeholder waits) and may push a line to `ctx.notes`.
// A step that throws is reported in the summary's notes and does not change the gate.
export const EXTRA_STEPS: Step[] = [evidence];
// ────────────────────────────────────────────────────────────────────────────────────────────────

const PR_EVENTS = new Set(['pull_request', 'pull_request_target']);

function prInfo(): PullRequestInfo | undefined {
  const pr = github.context.payload.pull_request as
    | { number: number; head?: { sha?: string; repo?: { full_name?: string } | null }; base?: { sha?: string; repo?: { full_name?: string } | null } }
    | undefined;
  if (!pr || !PR_EVENTS.has(github.context.eventName)) return undefined;
  const headSha = pr.head?.sha ?? github.context.sha;
  return {
    number: pr.number,
    headSha,
    baseSha: pr.base?.sha,
    fromFork: !!pr.head?.repo?.full_name && pr.head.repo.full_name !== pr.base?.repo?.full_name,
  };
}

function makeRedactor(findings: Finding[]): (s: string) => string {
  const secrets = [...new Set(findings.map((f) => f.secret).filter((x): x is string => !!x && x.length >= 3))].sort((a, b) => b.length - a.length);
  if (!secrets.length) return (s) => s;
  return (s) => secrets.reduce((acc, v) => acc.split(v).join('***'), s);
}

async function loadChanges(ctx: Pick<RunContext, 'api' | 'pr' | 'notes'>): Promise<ChangeSet | undefined> {
  if (!ctx.pr) return undefined;
  if (!ctx.api) {
    ctx.notes.push('No github-token: the pull request files could not be listed, so the whole scan is in scope.');
    return undefined;
  }
  try {
    const files = await listPrFiles(ctx.api, ctx.pr.number);
    core.info(`Pull request #${ctx.pr.number} changes ${files.length} file(s).`);
    return toChangeSet(files);
  } catch (e) {
    const f = apiFailure(e);
    ctx.notes.push(`Listing the pull request files failed (${f.status ?? 'error'}: ${f.message}), so the whole scan is in scope.`);
    core.info(logSafe(`Could not list PR files: ${f.status ?? ''} ${f.message}`));
    return undefined;
  }
}

function loadConfigFor(workspace: string, inputs: ActionInputs): Config {
  if (inputs.config) return loadConfig(resolve(workspace, inputs.config), ALL_RULES);
  const found = findConfig(resolve(workspace, inputs.path));
  return found ? loadConfig(found, ALL_RULES) : defaultConfig();
}

async function scanBase(ctx: RunContext, tmpRoot: string): Promise<void> {
  const sha = ctx.pr?.baseSha;
  ctx.baseline.sha = sha;
  if (!ctx.pr || !sha || !ctx.inputs.baseline) return;
  const dest = mkdtempSync(join(tmpRoot, 'trustgate-base-'));
  try {
    const m = materializeCommit(ctx.workspace, sha, dest);
    if ('unavailable' in m) {
      ctx.notes.push(`Not compared with the base commit: ${m.unavailable}. New findings are those on the changed lines.`);
      return;
    }
    const base = await scan({ paths: [ctx.inputs.path], cwd: m.dir, config: ctx.config, rules: ALL_RULES, downloadModules: ctx.inputs.downloadModules });
    // Base findings with workspace-style relative paths, so classify() can compare them.
    ctx.baseline.findings = base.findings.map((f) => ({ ...f, location: { ...f.location, file: resolve(ctx.workspace, relPath(f.location.file, m.dir)) } }));
    ctx.baseline.used = true;
    core.info(`Base commit ${sha.slice(0, 12)}: ${m.files} file(s), ${base.findings.length} finding(s).`);
  } finally {
    rmSync(dest, { recursive: true, force: true });
  }
}

function writeSarif(ctx: RunContext): void {
  const sarif = JSON.parse(toSarif(ctx.result, ALL_RULES.map(ruleMeta), ctx.workspace)) as { runs: { results: Record<string, unknown>[] }[] };
  // toSarif keeps the findings' order: mark each result new or pre-existing for code scanning and readers.
  const results = sarif.runs[0].results;
  ctx.classified.forEach((c, i) => {
    const res = results[i];
    if (!res) return;
    if (ctx.pr) res.baselineState = c.status === 'new' ? 'new' : 'unchanged';
    res.properties = { ...(res.properties as object), 'trustgate/status': c.finding.suppressed ? 'suppressed' : c.status, 'trustgate/inScope': c.inScope };
  });
  try {
    // sarif-file may name a path the checkout controls: never through a symlink, never outside.
    writeFileSafe(ctx.sarifFile, ctx.redact(JSON.stringify(sarif, null, 2)) + '\n', { within: [ctx.workspace, process.env.RUNNER_TEMP || tmpdir()], mkdir: true });
  } catch (e) {
    if (e instanceof UnsafePathError) throw new InputError(`sarif-file: ${e.message}`);
    throw e;
  }
}

async function checkRun(ctx: RunContext, summary: string): Promise<void> {
  if (!ctx.inputs.checkRun || !ctx.api) return;
  const annotations = toCheckAnnotations(ctx.classified, ctx.redact);
  const n = ctx.classified.filter((c) => c.status === 'new').length;
  try {
    const title = ctx.passed ? `Pass: ${n} new finding${n === 1 ? '' : 's'} below ${ctx.inputs.failOn}` : `${ctx.gating.length} new finding${ctx.gating.length === 1 ? '' : 's'} at or above ${ctx.inputs.failOn}`;
    const r = await publishCheckRun(ctx.api, {
      owner: ctx.owner,
      repo: ctx.repo,
      headSha: ctx.headSha,
      name: 'Trustgate SOC 2',
      conclusion: ctx.passed ? 'success' : 'failure',
      title,
      summary,
      annotations,
    });
    ctx.checkRun = { id: r.id, title };
    core.info(`Check run ${r.id}: ${annotations.length} annotation(s) in ${r.requests} request(s).`);
  } catch (e) {
    const f = apiFailure(e);
    ctx.notes.push(
      f.rateLimited
        ? `No check run: GitHub's API rate limit outlasted the retries (${f.message}). Annotations and this summary carry the results.`
        : f.permission
        ? `No check run: the token may not create one (${f.status}; fork pull requests get a read-only token, otherwise grant checks: write). Annotations and this summary carry the results.`
        : `The check run failed (${f.status ?? 'error'}: ${f.message}). Annotations and this summary carry the results.`,
    );
    core.info(logSafe(`Check run not created: ${f.status ?? ''} ${f.message}`));
  }
}

async function comment(ctx: RunContext, input: ReportInput): Promise<void> {
  if (!ctx.pr || !ctx.inputs.comment || !ctx.api) return;
  const body = renderWithin(input, MAX_COMMENT - 1000, `${MARKER}\n`);
  try {
    const r = await upsertStickyComment(ctx.api, {
      issueNumber: ctx.pr.number,
      body,
      createIfMissing: ctx.classified.some((c) => c.status === 'new'),
    });
    core.info(`Sticky comment: ${r.action}${r.id ? ` (${r.id})` : ''}.`);
  } catch (e) {
    const f = apiFailure(e);
    // The summary is already written; say it in the log (a warning would use an annotation slot).
    core.info(logSafe(`Sticky comment not posted: ${f.status ?? ''} ${f.message}${f.permission ? ' (read-only token: fork PR, or grant pull-requests: write)' : ''}`));
  }
}

export async function run(extraSteps: Step[] = EXTRA_STEPS): Promise<RunContext | undefined> {
  try {
    return await runInner(extraSteps);
  } catch (e) {
    if (e instanceof InputError || e instanceof ConfigError) {
      const where = e instanceof ConfigError && e.file ? ` in ${e.file}${e.line ? `:${e.line}` : ''}` : '';
      core.setFailed(`Trustgate: ${e instanceof ConfigError ? 'config error' : 'invalid input'}${where}: ${e.message}`);
    } else core.setFailed(`Trustgate: internal error: ${(e as Error).message}`);
    return undefined;
  }
}

async function runInner(extraSteps: Step[]): Promise<RunContext> {
  const workspace = resolve(process.env.GITHUB_WORKSPACE || process.cwd());
  const eventName = github.context.eventName;
  const pr = prInfo();
  const inputs = readInputs(!!pr);
  const { owner, repo } = github.context.repo;
  const tmpRoot = process.env.RUNNER_TEMP || tmpdir();
  const notes: string[] = [];
  const api = client(inputs.token, `${owner}/${repo}`);
  const changes = await loadChanges({ api, pr, notes });
  const config = loadConfigFor(workspace, inputs);

  const result = await scan({ paths: [inputs.path], cwd: workspace, config, rules: ALL_RULES, downloadModules: inputs.downloadModules });
  // Secrets first, before anything is printed: the runner masks them in the log from here on.
  for (const f of result.findings) if (f.secret) core.setSecret(f.secret);

  const ctx: RunContext = {
    inputs,
    workspace,
    eventName,
    owner,
    repo,
    headSha: pr?.headSha ?? github.context.sha,
    serverUrl: github.context.serverUrl || 'https://github.com',
    pr,
    api,
    config,
    result,
    changes,
    baseline: { used: false },
    classified: [],
    gating: [],
    passed: true,
    sarifFile: inputs.sarifFile ? resolve(workspace, inputs.sarifFile) : join(tmpRoot, 'trustgate.sarif'),
    notes,
    outputs: {},
    redact: makeRedactor(result.findings),
  };
  // On a pull request, a finding the base commit already has is not new, whatever the scope.
  if (pr) await scanBase(ctx, tmpRoot);

  const rel = (f: Finding) => relPath(f.location.file, workspace);
  ctx.classified = classifyFindings(result.findings, { scope: changes ? inputs.scope : 'all', changes, base: ctx.baseline.findings, rel });
  const limit = inputs.failOn === 'none' ? -1 : SEVERITIES.indexOf(inputs.failOn);
  ctx.gating = ctx.classified.filter((c) => c.status === 'new' && SEVERITIES.indexOf(c.finding.severity) <= limit);
  ctx.passed = ctx.gating.length === 0;

  writeSarif(ctx);
  const counts = ctx.classified.filter((c) => !c.finding.suppressed);
  const newCount = counts.filter((c) => c.status === 'new').length;
  ctx.outputs = {
    findings: String(counts.length),
    'new-findings': String(newCount),
    'sarif-file': ctx.sarifFile,
    result: ctx.passed ? 'pass' : 'fail',
  };

  // Annotations: keep one error slot for the setFailed message and one notice slot for "N more".
  ctx.annotations = planAnnotations(ctx.classified, { max: inputs.annotations, reserve: { error: ctx.passed ? 0 : 1, notice: 1 } });
  emitAnnotations(ctx.annotations, ctx.redact);

  const scopeText = !pr
    ? `all files (${eventName || 'no'} event)`
    : !changes
      ? `all files (pull request #${pr.number}; its changes could not be listed)`
      : inputs.scope === 'all'
        ? `all files of pull request #${pr.number}`
        : `${inputs.scope === 'changed-lines' ? 'changed lines' : 'changed files'} of pull request #${pr.number}`;
  const blobBase = `${ctx.serverUrl}/${owner}/${repo}/blob/${ctx.headSha}`;
  const reportInput = (): ReportInput => ({
    result,
    classified: ctx.classified,
    rel: (file) => relPath(file, workspace),
    passed: ctx.passed,
    failOn: inputs.failOn,
    gating: ctx.gating.length,
    scopeText,
    baselineText: ctx.baseline.used ? `compared with a scan of base commit ${ctx.baseline.sha!.slice(0, 7)}` : undefined,
    blobBase,
    annotationsOmitted: ctx.annotations!.omittedTotal,
    annotationsShown: ctx.annotations!.shown.length,
    notes: ctx.notes,
    redact: ctx.redact,
  });

  await checkRun(ctx, renderWithin(reportInput(), 65_000));

  for (const step of extraSteps) {
    try {
      await step(ctx);
    } catch (e) {
      ctx.notes.push(`A step failed: ${(e as Error).message}`);
    }
  }
  // The ledger head is an anchor only where the ledger's editor cannot rewrite it: the check run's output.
  if (ctx.outputs['evidence-head'] && ctx.checkRun && ctx.api) {
    try {
      await updateCheckRunOutput(ctx.api, ctx.checkRun.id, ctx.checkRun.title, renderWithin(reportInput(), 65_000));
    } catch (e) {
      core.info(logSafe(`Check run output not updated with the ledger head: ${apiFailure(e).message}`));
    }
  }

  await core.summary.addRaw(renderReport(reportInput(), 200)).write();
  await comment(ctx, reportInput());

  for (const [k, v] of Object.entries(ctx.outputs)) core.setOutput(k, v);

  core.info(`Trustgate: ${counts.length} finding(s), ${newCount} new, ${ctx.gating.length} at or above ${inputs.failOn}: ${ctx.passed ? 'pass' : 'fail'}.`);
  if (!ctx.passed) core.setFailed(`Trustgate: ${ctx.gating.length} new SOC 2 finding${ctx.gating.length === 1 ? '' : 's'} at or above ${inputs.failOn} (see the annotations and the job summary).`);
  return ctx;
}
