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
import { ConfigError, type Config } from '../core/config.js';
import { scan } from '../core/engine.js';
import { bundledWorkerScript, defaultWorkers } from '../core/workers.js';
import { relPath } from '../core/report/paths.js';
import { toSarif } from '../core/report/sarif.js';
import { ruleMeta } from '../core/rule.js';
import { SEVERITIES, type Finding, type ScanResult } from '../core/types.js';
import { addFinding, incompleteness, incompleteText } from '../core/soc2/verdict.js';
import { emitAnnotations, exceptionAnnotation, planAnnotations, type AnnotationPlan, type ExceptionAnnotation } from './annotate.js';
import { apiFailure, client, logSafe } from './api.js';
import type { GitHubApi } from '../core/github.js';
import { evidence } from './evidence.js';
import { reportStep } from './report.js';
import { population } from './population.js';
import { materializeCommit } from '../core/git-tree.js';
import { exceptionCheckAnnotation, publishCheckRun, toCheckAnnotations, updateCheckRunOutput } from './checks.js';
import { classifyFindings, type Classified } from './classify.js';
import { upsertStickyComment, MARKER, MAX_COMMENT } from './comment.js';
import { listPrFiles, prFilesFromGit, PR_FILES_CAP, toChangeSet, touches, type ChangeSet, type PrFile } from './diff.js';
import { exceptionText, independentApprovers, newExceptions, type NewException } from './exceptions.js';
import { policyFindings, resolvePolicy, workflowChangeFindings, type PolicyResolution } from './policy.js';
import { InputError, readInputs, type ActionInputs, type AnnotationChannel } from './inputs.js';
import { renderComment, renderReport, renderWithin, type ReportInput } from './summary.js';

export interface PullRequestInfo {
  number: number;
  headSha: string;
  baseSha?: string;
  /** The head branch lives in another repository (its token is read-only). */
  fromFork: boolean;
  /** The pull request's author (login). */
  author?: string;
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
  baseline: { sha?: string; used: boolean; findings?: Finding[]; result?: ScanResult; dir?: string };
  /** Where the applied policy came from and the head's proposed one (pull requests). */
  policy?: PolicyResolution;
  /** Findings of the change rules (TG-CFG-*): how this change weakens the gate. Also in `result`. */
  policyChanges: Finding[];
  /** Suppressions this change adds or extends. */
  newExceptions: NewException[];
  /** Changed files in scope that could not be scanned (workspace-relative, with why). */
  unscanned: { file: string; line: number; message: string }[];
  /** Why the run failed besides gating findings (unscanned files, exceptions awaiting approval). */
  failures: string[];
  classified: Classified[];
  /** New, unsuppressed findings at or above fail-on. */
  gating: Classified[];
  passed: boolean;
  sarifFile: string;
  /** The check run this run created, to publish what later steps add (the evidence ledger's head). */
  checkRun?: { id: number; title: string; annotated: boolean };
  /** Workflow-command annotations (only when they are the channel). */
  annotations?: AnnotationPlan;
  /** The one channel the findings were annotated through. */
  annotationChannel?: AnnotationChannel;
  /** One line each in the summary's Notes: degradations (403s, no base), facts. Plain text. */
  notes: string[];
  /** The population report this run wrote (population mode), for the readiness report to link. */
  population?: { file: string; artifact: string | null };
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
export const EXTRA_STEPS: Step[] = [evidence, population, reportStep()];
// ────────────────────────────────────────────────────────────────────────────────────────────────

// pull_request_review re-runs the gate when someone approves (exceptions-need-approval).
const PR_EVENTS = new Set(['pull_request', 'pull_request_target', 'pull_request_review']);

function prInfo(): PullRequestInfo | undefined {
  const pr = github.context.payload.pull_request as
    | { number: number; user?: { login?: string }; head?: { sha?: string; repo?: { full_name?: string } | null }; base?: { sha?: string; repo?: { full_name?: string } | null } }
    | undefined;
  if (!pr || !PR_EVENTS.has(github.context.eventName)) return undefined;
  const headSha = pr.head?.sha ?? github.context.sha;
  return {
    number: pr.number,
    headSha,
    baseSha: pr.base?.sha,
    fromFork: !!pr.head?.repo?.full_name && pr.head.repo.full_name !== pr.base?.repo?.full_name,
    author: pr.user?.login,
  };
}

function makeRedactor(findings: Finding[]): (s: string) => string {
  const secrets = [...new Set(findings.map((f) => f.secret).filter((x): x is string => !!x && x.length >= 3))].sort((a, b) => b.length - a.length);
  if (!secrets.length) return (s) => s;
  return (s) => secrets.reduce((acc, v) => acc.split(v).join('***'), s);
}

async function loadChanges(ctx: Pick<RunContext, 'api' | 'pr' | 'notes' | 'workspace'>): Promise<ChangeSet | undefined> {
  if (!ctx.pr) return undefined;
  // What git says the pull request changes, when the API cannot say all of it.
  const fromGit = (why: string): ChangeSet | undefined => {
    const g = ctx.pr!.baseSha ? prFilesFromGit(ctx.workspace, ctx.pr!.baseSha, ctx.pr!.headSha) : { unavailable: 'the base commit is unknown' };
    if ('unavailable' in g) {
      ctx.notes.push(`${why}; git could not list them either (${g.unavailable}), so the whole scan is in scope.`);
      return undefined;
    }
    ctx.notes.push(`${why}; the ${g.length} changed file(s) were taken from git diff of the base and head commits.`);
    return toChangeSet(g);
  };
  if (!ctx.api) return fromGit('No github-token: the pull request files could not be listed through the API');
  let files: PrFile[];
  try {
    files = await listPrFiles(ctx.api, ctx.pr.number);
  } catch (e) {
    const f = apiFailure(e);
    core.info(logSafe(`Could not list PR files: ${f.status ?? ''} ${f.message}`));
    return fromGit(`Listing the pull request files failed (${f.status ?? 'error'}: ${f.message})`);
  }
  core.info(`Pull request #${ctx.pr.number} changes ${files.length} file(s).`);
  // GitHub lists at most 3,000 files, and an empty list for a pull request is not believable.
  if (files.length >= PR_FILES_CAP) return fromGit(`The pull request files API stops at ${PR_FILES_CAP} files`);
  if (files.length === 0) return fromGit('The pull request files API returned no files');
  return toChangeSet(files);
}

/** The base commit's scannable files, once per run (policy, workflows, base scan, evidence). */
function materializeBase(ctx: Pick<RunContext, 'pr' | 'workspace' | 'notes' | 'baseline'>, tmpRoot: string): void {
  const sha = ctx.pr?.baseSha;
  ctx.baseline.sha = sha;
  if (!ctx.pr || !sha) return;
  const dest = mkdtempSync(join(tmpRoot, 'trustgate-base-'));
  const m = materializeCommit(ctx.workspace, sha, dest);
  if ('unavailable' in m) {
    rmSync(dest, { recursive: true, force: true });
    ctx.notes.push(`Not compared with the base commit: ${m.unavailable}. New findings are those on the changed lines.`);
    return;
  }
  ctx.baseline.dir = m.dir;
  core.info(`Base commit ${sha.slice(0, 12)}: ${m.files} file(s).`);
}

// Large scans on worker threads, as the CLI runs them: every core, and limits.maxFileMs enforced per unit
// (a unit over it is abandoned and reported; in one thread nothing could stop it).
const scanThreads = () => {
  const workerScript = bundledWorkerScript();
  return { workerScript, workers: workerScript ? defaultWorkers() : 0 };
};

async function scanBase(ctx: RunContext): Promise<void> {
  const dir = ctx.baseline.dir;
  if (!dir || !ctx.inputs.baseline) return;
  // The same (base) policy on both sides: a finding is new because the code changed, not the policy.
  const base = await scan({ paths: [ctx.inputs.path], cwd: dir, config: ctx.config, rules: ALL_RULES, downloadModules: ctx.inputs.downloadModules, ...scanThreads() });
  ctx.baseline.result = base;
  // Base findings with workspace-style relative paths, so classify() can compare them.
  ctx.baseline.findings = base.findings.map((f) => ({ ...f, location: { ...f.location, file: resolve(ctx.workspace, relPath(f.location.file, dir)) } }));
  ctx.baseline.used = true;
  core.info(`Base commit ${ctx.baseline.sha!.slice(0, 12)}: ${base.findings.length} finding(s).`);
}

/** Add findings made outside the engine (change rules) to a result, with its counts. */
function addFindings(result: ScanResult, extra: Finding[]): void {
  if (!extra.length) return;
  result.findings.push(...extra);
  for (const f of extra) {
    result.summary.findings++;
    result.summary.bySeverity[f.severity]++;
    for (const c of f.controls) result.summary.byControl[c] = addFinding(result.summary.byControl[c], f);
  }
}

function writeSarif(ctx: RunContext): void {
  // Each result carries its status: baselineState for code scanning, trustgate/status for readers.
  const byFinding = new Map(ctx.classified.map((c) => [c.finding, c]));
  const sarif = toSarif(ctx.result, ALL_RULES.map(ruleMeta), ctx.workspace, (f) => {
    const c = byFinding.get(f);
    if (!c) return undefined;
    return { ...(ctx.pr ? { baselineState: c.status === 'new' ? 'new' : 'unchanged' } : {}), properties: { 'trustgate/status': f.suppressed ? 'suppressed' : c.status, 'trustgate/inScope': c.inScope } };
  });
  try {
    // sarif-file may name a path the checkout controls: never through a symlink, never outside.
    writeFileSafe(ctx.sarifFile, ctx.redact(sarif), { within: [ctx.workspace, process.env.RUNNER_TEMP || tmpdir()], mkdir: true });
  } catch (e) {
    if (e instanceof UnsafePathError) throw new InputError(`sarif-file: ${e.message}`);
    throw e;
  }
}

/** The check run; with `exceptions` given, it carries the findings' and those exceptions' annotations. */
async function checkRun(ctx: RunContext, summary: string, exceptions?: ExceptionAnnotation[]): Promise<void> {
  if (!ctx.inputs.checkRun || !ctx.api) return;
  const annotations = exceptions ? [...toCheckAnnotations(ctx.classified, ctx.redact), ...exceptions.map(exceptionCheckAnnotation)] : [];
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
    ctx.checkRun = { id: r.id, title, annotated: !!exceptions };
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
  const body = renderWithin((rows) => renderComment(input, rows), MAX_COMMENT, `${MARKER}\n`);
  try {
    const r = await upsertStickyComment(ctx.api, {
      issueNumber: ctx.pr.number,
      body,
      // Posted whenever a reviewer has something to look at, not only for new findings.
      createIfMissing: ctx.classified.some((c) => c.status === 'new') || ctx.newExceptions.length > 0 || ctx.policyChanges.length > 0 || ctx.unscanned.length > 0 || ctx.failures.length > 0,
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
  const baseline: RunContext['baseline'] = { used: false };
  try {
    return await runWithBase(extraSteps, { workspace, eventName, pr, inputs, owner, repo, tmpRoot, notes, api, baseline });
  } finally {
    if (baseline.dir) rmSync(baseline.dir, { recursive: true, force: true });
  }
}

interface Start {
  workspace: string;
  eventName: string;
  pr?: PullRequestInfo;
  inputs: ActionInputs;
  owner: string;
  repo: string;
  tmpRoot: string;
  notes: string[];
  api?: GitHubApi;
  baseline: RunContext['baseline'];
}

async function runWithBase(extraSteps: Step[], st: Start): Promise<RunContext> {
  const { workspace, eventName, pr, inputs, owner, repo, tmpRoot, notes, api } = st;
  const changes = await loadChanges({ api, pr, notes, workspace });
  materializeBase({ pr, workspace, notes, baseline: st.baseline }, tmpRoot);
  // The policy in force: the base commit's on pull requests; the head's is a proposal (TG-CFG-001).
  const policy = await resolvePolicy({ workspace, inputs, rules: ALL_RULES, baseDir: st.baseline.dir, baseSha: pr?.baseSha, api, isPullRequest: !!pr, notes });
  // The persona input wins over the policy file's `persona` (like --persona on the CLI).
  const config = inputs.persona ? { ...policy.config, persona: inputs.persona } : policy.config;
  if (pr) core.info(`Policy: ${policy.source}.`);

  const result = await scan({ paths: [inputs.path], cwd: workspace, config, rules: ALL_RULES, downloadModules: inputs.downloadModules, ...scanThreads() });
  // Secrets first, before anything is printed: the runner masks them in the log from here on.
  for (const f of result.findings) if (f.secret) core.setSecret(f.secret);
  // How the change weakens the gate itself: its policy file and the workflows that run the Action.
  const policyChanges = pr ? [...policyFindings(policy, workspace, ALL_RULES), ...(st.baseline.dir ? workflowChangeFindings(st.baseline.dir, workspace, ALL_RULES, config) : [])] : [];
  addFindings(result, policyChanges);

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
    baseline: st.baseline,
    policy: pr ? policy : undefined,
    policyChanges,
    newExceptions: [],
    unscanned: [],
    failures: [],
    classified: [],
    gating: [],
    passed: true,
    sarifFile: inputs.sarifFile ? resolve(workspace, inputs.sarifFile) : join(tmpRoot, 'trustgate.sarif'),
    notes,
    outputs: {},
    redact: makeRedactor(result.findings),
  };
  // On a pull request, a finding the base commit already has is not new, whatever the scope.
  if (pr) await scanBase(ctx);

  const rel = (f: Finding) => relPath(f.location.file, workspace);
  ctx.classified = classifyFindings(result.findings, { scope: changes ? inputs.scope : 'all', changes, base: ctx.baseline.findings, rel });
  // A change rule's finding is caused by this change by definition, wherever it points (a deleted file).
  const changeFindings = new Set(policyChanges);
  for (const c of ctx.classified) if (changeFindings.has(c.finding)) Object.assign(c, { inScope: true, inBase: false, status: 'new' });
  const limit = inputs.failOn === 'none' ? -1 : SEVERITIES.indexOf(inputs.failOn);
  ctx.gating = ctx.classified.filter((c) => c.status === 'new' && !c.finding.newRule && SEVERITIES.indexOf(c.finding.severity) <= limit);

  if (pr) {
    const renamedFrom = new Map([...(changes?.values() ?? [])].filter((c) => c.previousPath).map((c) => [c.path, c.previousPath!] as const));
    const onChangedLine = (file: string, line: number) => {
      const ch = changes?.get(file);
      return !changes || (!!ch && touches(ch, line, line));
    };
    ctx.newExceptions = newExceptions(ctx.classified, ctx.baseline.findings, rel, onChangedLine, renamedFrom);
    await checkExceptionApproval(ctx);
    checkUnscanned(ctx);
  }
  // The strict gate: a criterion that could not be fully evaluated, or a module call not read, fails the run.
  const incomplete = inputs.failOnIncomplete ? incompleteText(incompleteness(result)) : undefined;
  if (incomplete) ctx.failures.push(`${incomplete} (fail-on-incomplete)`);
  ctx.passed = ctx.gating.length === 0 && ctx.failures.length === 0;

  writeSarif(ctx);
  const counts = ctx.classified.filter((c) => !c.finding.suppressed);
  const newCount = counts.filter((c) => c.status === 'new').length;
  ctx.outputs = {
    findings: String(counts.length),
    'new-findings': String(newCount),
    'sarif-file': ctx.sarifFile,
    result: ctx.passed ? 'pass' : 'fail',
  };

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
    policyText: ctx.policy ? `policy from ${ctx.policy.source}` : undefined,
    changedFiles: changes ? new Set(changes.keys()) : undefined,
    policyChanges: ctx.classified.filter((c) => changeFindings.has(c.finding)),
    newExceptions: ctx.newExceptions.map((e) => ({ ...e, text: exceptionText(e, pr?.author) })),
    unscanned: ctx.unscanned,
    failures: ctx.failures,
    blobBase,
    runUrl: process.env.GITHUB_RUN_ID ? `${ctx.serverUrl}/${owner}/${repo}/actions/runs/${process.env.GITHUB_RUN_ID}` : undefined,
    annotationsOmitted: ctx.annotations?.omittedTotal ?? 0,
    annotationsShown: ctx.annotations?.shown.length ?? 0,
    notes: ctx.notes,
    redact: ctx.redact,
  });

  // One annotation per finding, through one channel: the check run carries them when it is the
  // channel and could be created; otherwise (a fork's read-only token, a 403, no token, or chosen)
  // workflow commands do. Never both: code scanning's own annotations are a third (docs/github-action.md).
  const excShown = ctx.newExceptions.slice(0, 5).map((e) => exceptionAnnotation(e, pr?.author, workspace, ctx.redact));
  const wanted = inputs.annotations;
  await checkRun(ctx, renderWithin((rows) => renderReport(reportInput(), rows), 65_000), wanted === 'auto' || wanted === 'check-run' ? excShown : undefined);
  ctx.annotationChannel = wanted === 'none' ? 'none' : ctx.checkRun?.annotated ? 'check-run' : wanted === 'check-run' ? 'none' : 'workflow-commands';
  if (wanted === 'check-run' && !ctx.checkRun) ctx.notes.push('No annotations on the diff: annotations is check-run and the check run could not be created (see above); the findings are listed here.');
  else if (wanted === 'auto' && ctx.annotationChannel === 'workflow-commands' && ctx.inputs.checkRun && ctx.api) core.info('Annotations: the check run could not carry them, so they are workflow commands.');
  if (ctx.annotationChannel === 'workflow-commands') {
    // Keep one error slot for the setFailed message, one notice slot for "N more", and warning slots
    // for the exceptions this change adds (each is announced on its own line).
    ctx.annotations = planAnnotations(ctx.classified, { max: inputs.maxAnnotations, reserve: { error: ctx.passed ? 0 : 1, notice: 1, warning: excShown.length } });
    emitAnnotations(ctx.annotations, ctx.redact);
    for (const e of excShown) core.warning(e.message, { file: e.file, startLine: e.startLine, endLine: e.endLine, title: e.title });
  }
  core.info(`Annotations: ${ctx.annotationChannel}.`);

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
      await updateCheckRunOutput(ctx.api, ctx.checkRun.id, ctx.checkRun.title, renderWithin((rows) => renderReport(reportInput(), rows), 65_000));
    } catch (e) {
      core.info(logSafe(`Check run output not updated with the ledger head: ${apiFailure(e).message}`));
    }
  }

  // The verdict and the new findings lead: what the extra steps put in the summary (the evidence record) follows.
  const fromSteps = core.summary.stringify();
  await core.summary.emptyBuffer().addRaw(renderReport(reportInput(), 200)).addRaw(fromSteps).write();
  await comment(ctx, reportInput());

  for (const [k, v] of Object.entries(ctx.outputs)) core.setOutput(k, v);

  core.info(`Trustgate: ${counts.length} finding(s), ${newCount} new, ${ctx.gating.length} at or above ${inputs.failOn}: ${ctx.passed ? 'pass' : 'fail'}.`);
  if (!ctx.passed) {
    const why = [
      ...(ctx.gating.length ? [`${ctx.gating.length} new SOC 2 finding${ctx.gating.length === 1 ? '' : 's'} at or above ${inputs.failOn}`] : []),
      ...ctx.failures,
    ];
    core.setFailed(`Trustgate: ${why.join('; ')} (see the annotations and the job summary).`);
  }
  return ctx;
}

/** exceptions-need-approval: new exceptions fail the run until an independent approval of the head. */
async function checkExceptionApproval(ctx: RunContext): Promise<void> {
  if (!ctx.inputs.exceptionsNeedApproval || !ctx.pr || !ctx.newExceptions.length) return;
  const n = ctx.newExceptions.length;
  const what = `${n} new exception${n === 1 ? '' : 's'} (suppression${n === 1 ? '' : 's'} added or extended by this change)`;
  if (!ctx.api) {
    ctx.failures.push(`${what} need an approving review, and without github-token the reviews cannot be read`);
    return;
  }
  try {
    const approvers = await independentApprovers(ctx.api, ctx.pr.number, ctx.pr.author, ctx.pr.headSha);
    if (approvers.length) ctx.notes.push(`The ${what} are approved by ${approvers.join(', ')} on the head commit.`);
    else ctx.failures.push(`${what} await an approving review of the head commit by someone other than the author`);
  } catch (e) {
    ctx.failures.push(`${what} need an approving review, and the reviews could not be read (${apiFailure(e).message})`);
  }
}

/** fail-on-unscanned: a changed file in scope that the scan could not read or parse does not pass. */
function checkUnscanned(ctx: RunContext): void {
  const inScope = (file: string) => !ctx.changes || ctx.changes.has(file);
  const seen = new Set<string>();
  for (const e of ctx.result.errors) {
    if (e.kind !== 'parse' && e.kind !== 'read' && e.kind !== 'limit') continue;
    const file = relPath(e.file, ctx.workspace);
    if (!inScope(file) || seen.has(file)) continue;
    seen.add(file);
    ctx.unscanned.push({ file, line: e.line, message: e.message });
  }
  if (ctx.unscanned.length && ctx.inputs.failOnUnscanned)
    ctx.failures.push(`${ctx.unscanned.length} changed file${ctx.unscanned.length === 1 ? '' : 's'} could not be scanned (fail-on-unscanned)`);
}
