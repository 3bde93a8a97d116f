// The Action's evidence step (SOC 2 CC8.1, issue 4): on pull_request and on a push to the default
// branch, build the change-evidence record (core/evidence), write it to a file, upload it as a
// workflow artifact and, with input `evidence-branch`, append it to the hash-chained ledger on that
// branch through the Contents API. A degradation (no token, a 403, no artifact service) is a note;
// a record that does not match schemas/evidence-v1.json is never written and fails the job visibly.
import * as core from '@actions/core';
import * as github from '@actions/github';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_RULES } from '../rules/index.js';
import { collectEvidence } from '../core/evidence/collect.js';
import { GitHubApi, GitHubError } from '../core/github.js';
import { apiFailure } from './api.js';
import { evidenceMarkdown } from '../core/evidence/markdown.js';
import { appendToLedgerBranch } from '../core/evidence/publish.js';
import { seal } from '../core/evidence/record.js';
import { assertValidRecord, InvalidRecordError } from '../core/evidence/validate.js';
import { writeFileSafe } from '../core/safe-write.js';
import { relPath } from '../core/report/paths.js';
import type { EvidenceRecord } from '../core/evidence/types.js';
import type { RunContext, Step } from './main.js';

/** What the step reads besides the run context; injectable for tests. */
export interface EvidenceEnv {
  env: NodeJS.ProcessEnv;
  getInput: (name: string) => string;
  /** github.context.ref, e.g. refs/heads/main. */
  ref: string;
  defaultBranch: string | undefined;
  /** The pushed commit's parent on push events (payload.before). */
  before: string | undefined;
  pusher: string | undefined;
  /** The event payload's pull_request.state (the record's fallback when the API's pull request lacks it). */
  pullState?: string;
  upload: (name: string, file: string, dir: string) => Promise<void>;
}

export async function uploadWithActionsArtifact(name: string, file: string, dir: string): Promise<void> {
  const { DefaultArtifactClient } = await import('@actions/artifact');
  await new DefaultArtifactClient().uploadArtifact(name, [file], dir, { retentionDays: undefined });
}

export function defaultEvidenceEnv(): EvidenceEnv {
  const p = github.context.payload as { repository?: { default_branch?: string }; before?: string; pusher?: { name?: string }; pull_request?: { state?: string } };
  return {
    env: process.env,
    getInput: (n) => core.getInput(n),
    ref: github.context.ref,
    defaultBranch: p.repository?.default_branch,
    before: p.before && !/^0+$/.test(p.before) ? p.before : undefined,
    pusher: p.pusher?.name ?? github.context.actor,
    pullState: p.pull_request?.state,
    upload: uploadWithActionsArtifact,
  };
}

const safeName = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '-');

export async function evidenceStep(ctx: RunContext, e: EvidenceEnv = defaultEvidenceEnv()): Promise<EvidenceRecord | undefined> {
  const isPr = !!ctx.pr && (ctx.eventName === 'pull_request' || ctx.eventName === 'pull_request_target');
  const branch = e.ref.replace(/^refs\/heads\//, '');
  const isDefaultPush = ctx.eventName === 'push' && !!e.defaultBranch && e.ref === `refs/heads/${e.defaultBranch}`;
  if (!isPr && !isDefaultPush) {
    core.info(`Evidence: not recorded for ${ctx.eventName || 'this'} event${ctx.eventName === 'push' ? ` on ${branch} (only pushes to the default branch)` : ''}.`);
    return undefined;
  }
  if (!ctx.inputs.token) {
    ctx.notes.push('No change-evidence record: it needs github-token to read the pull request, its reviews and checks.');
    return undefined;
  }
  const env = e.env;
  const api = ctx.api ?? new GitHubApi(env.GITHUB_API_URL || 'https://api.github.com', ctx.inputs.token, `${ctx.owner}/${ctx.repo}`);
  const runId = env.GITHUB_RUN_ID ?? null;
  const unsealed = await collectEvidence({
    api,
    repoDir: ctx.workspace,
    rules: ALL_RULES,
    config: ctx.config,
    event: isPr ? { kind: 'pull_request', number: ctx.pr!.number, state: e.pullState } : { kind: 'merge', sha: ctx.headSha, before: e.before ?? null, defaultBranch: e.defaultBranch!, pusher: e.pusher ?? null },
    run: {
      event: ctx.eventName,
      runId,
      runAttempt: env.GITHUB_RUN_ATTEMPT ?? null,
      workflow: env.GITHUB_WORKFLOW ?? null,
      actor: env.GITHUB_ACTOR ?? null,
      url: runId ? `${ctx.serverUrl}/${ctx.owner}/${ctx.repo}/actions/runs/${runId}` : null,
    },
    log: (m) => core.info(`Evidence: ${m}`),
    paths: [ctx.inputs.path],
    // The run's own scans, on a pull request: the evidence describes exactly what was gated.
    policyChanges: isPr ? ctx.policyChanges.map((f) => ({ ruleId: f.ruleId, file: relPath(f.location.file, ctx.workspace), line: f.location.startLine, message: f.message })) : undefined,
    scanned: isPr && ctx.baseline.sha ? { head: ctx.result, base: ctx.baseline.result && ctx.baseline.dir ? { result: ctx.baseline.result, dir: ctx.baseline.dir } : null } : undefined,
  });

  // A secret: masked before anything could print it; it signs, it is never written.
  const hmacKey = e.getInput('evidence-hmac-key').trim() || undefined;
  if (hmacKey) core.setSecret(hmacKey);
  // The ledger decides `previous`; without one, the record stands alone (previous null).
  let record: EvidenceRecord = seal(unsealed, null, hmacKey);
  // Checked before anything is written: an invalid record would also block every later append.
  assertValidRecord(record);
  let where = '';
  const ledgerBranch = e.getInput('evidence-branch').trim();
  const ledgerPath = e.getInput('evidence-ledger').trim() || 'ledger.jsonl';
  if (ledgerBranch) {
    try {
      const r = await appendToLedgerBranch(api, { branch: ledgerBranch, path: ledgerPath, record: unsealed, hmacKey });
      record = r.record;
      where = ` Appended to ${ledgerPath} on branch ${ledgerBranch} (line ${r.line}${r.createdBranch ? ', branch created' : ''}).`;
      core.info(`Evidence: record ${record.digest} appended to ${ledgerBranch}:${ledgerPath} line ${r.line}.`);
      await publishHead(ctx, api, record.digest, isDefaultPush, `${ledgerBranch}:${ledgerPath} line ${r.line}`);
    } catch (err) {
      const status = err instanceof GitHubError && !err.rateLimited ? err.status : undefined;
      ctx.notes.push(
        status === 403 || status === 401
          ? `The evidence record was not appended to branch ${ledgerBranch}: the token may not write contents (${status}; fork pull requests get a read-only token, otherwise grant contents: write).`
          : `The evidence record was not appended to branch ${ledgerBranch}: ${(err as Error).message}`,
      );
    }
  }

  const temp = env.RUNNER_TEMP || tmpdir();
  const dir = join(temp, 'trustgate-evidence');
  const name = safeName(`evidence-${ctx.owner}-${ctx.repo}-${record.pullRequest ? `pr${record.pullRequest.number}` : 'push'}-${record.kind}-${record.digest.slice(7, 19)}.json`);
  const file = join(dir, name);
  assertValidRecord(record);
  writeFileSafe(file, JSON.stringify(record, null, 2) + '\n', { within: [temp], mkdir: true });
  ctx.outputs['evidence-file'] = file;

  // The artifact service needs the runner's ACTIONS_RUNTIME_TOKEN; without it (or when it is
  // unreachable), say so and carry on: the file and the ledger still hold the record.
  if (!env.ACTIONS_RUNTIME_TOKEN || !env.ACTIONS_RESULTS_URL) {
    core.notice('Trustgate evidence: no artifact upload (ACTIONS_RUNTIME_TOKEN or ACTIONS_RESULTS_URL is not set outside a GitHub runner); the record is in the evidence-file output.');
  } else {
    try {
      await e.upload(name.replace(/\.json$/, ''), file, dir);
      where += ' Uploaded as a workflow artifact.';
    } catch (err) {
      ctx.notes.push(`The evidence record was not uploaded as an artifact: ${(err as Error).message.split('\n')[0].slice(0, 200)}`);
    }
  }
  const exc = record.exceptions.length ? ` Exceptions: ${record.exceptions.join(', ')}.` : '';
  ctx.notes.push(`Change evidence (CC8.1): record ${record.digest.slice(0, 19)}… written (${record.independentApproval ? 'independently approved' : 'no independent approval yet'}).${exc}${where}`);
  await core.summary.addRaw(`\n<details><summary>Change evidence (SOC 2 CC8.1)</summary>\n\n${evidenceMarkdown(record)}\n</details>\n`);
  return record;
}

/**
 * The ledger's new head digest, published where whoever can push to the ledger branch cannot rewrite
 * it: the evidence-head output, this run's check run (its output shows the notes) and, on the
 * default branch, a commit status on the pushed commit. `trustgate evidence verify --expect-head` /
 * `--anchor` then tell a ledger re-sealed as a whole from the one that was written.
 */
async function publishHead(ctx: RunContext, api: GitHubApi, digest: string, onDefaultBranch: boolean, where: string): Promise<void> {
  ctx.outputs['evidence-head'] = digest;
  ctx.notes.push(`Evidence ledger head: ${digest} (${where}).`);
  if (!onDefaultBranch) return;
  try {
    await api.request('POST', `${api.repoPath}/statuses/${ctx.headSha}`, { state: 'success', context: 'trustgate/evidence-ledger', description: `ledger head ${digest}` });
  } catch (err) {
    const f = apiFailure(err);
    ctx.notes.push(`The ledger head was not published as a commit status (${f.status ?? 'error'}: ${f.message}${f.permission ? '; grant statuses: write' : ''}); it is in the check run and the evidence-head output.`);
  }
}

/**
 * The step main.ts runs (EXTRA_STEPS): a failure to gather the record (API, git) is a note; a record
 * that does not match the schema is an error with the JSON path of each problem, and fails the job:
 * evidence silently missing would pass for evidence collected.
 */
export const evidence: Step = async (ctx) => {
  if (!ctx.inputs.evidence) return;
  try {
    await evidenceStep(ctx);
  } catch (err) {
    if (err instanceof InvalidRecordError) {
      const where = err.errors.map((x) => `${x.path} ${x.message}`).join('; ');
      core.error(`The change-evidence record does not match schemas/evidence-v1.json, so it was not written (no file, no ledger line): ${where}. This is a Trustgate defect or unexpected API data; please report it.`, { title: 'Trustgate evidence: invalid record' });
      ctx.failures.push(`the change-evidence record is invalid at ${err.errors.map((x) => x.path).join(', ')} and was not written`);
      ctx.passed = false;
      return;
    }
    ctx.notes.push(`No change-evidence record this run: ${(err as Error).message.split('\n')[0].slice(0, 300)}`);
    core.info(`Evidence: not recorded: ${(err as Error).message}`);
  }
};
