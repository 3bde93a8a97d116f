// The Action's population mode (SOC 2 CC8.1 population completeness, docs/evidence.md): on a
// `schedule` run (weekly, say) with `evidence-branch`, refresh the population report for the audit
// window (`.trustgate.yml` audit.window, up to today; without one, the last 90 days): every commit on
// the default branch, matched to the ledger on the evidence branch, enriched from the API. Written as
// HTML, CSV and JSON under $RUNNER_TEMP, uploaded as a workflow artifact, summarised in the job
// summary. Never fails the job: every degradation is a note.
import * as core from '@actions/core';
import * as github from '@actions/github';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_RULES } from '../rules/index.js';
import { readLedgerFile } from '../core/evidence/publish.js';
import { formatProblem, verifyLedger } from '../core/evidence/ledger.js';
import { buildPopulation } from '../core/evidence/population.js';
import { githubEnricher } from '../core/evidence/population-github.js';
import { toPopulationCsv, toPopulationHtml, toPopulationJson } from '../core/evidence/population-render.js';
import { CLASS_LABEL, POPULATION_CLASSES } from '../core/evidence/population.js';
import { git } from '../core/evidence/git.js';
import { GitHubApi } from '../core/github.js';
import { writeFileSafe } from '../core/safe-write.js';
import { VERSION } from '../core/version.js';
import type { RunContext, Step } from './main.js';

export interface PopulationEnv {
  env: NodeJS.ProcessEnv;
  getInput: (name: string) => string;
  defaultBranch: string | undefined;
  upload: (name: string, files: string[], dir: string) => Promise<void>;
  now: Date;
}

async function uploadWithActionsArtifact(name: string, files: string[], dir: string): Promise<void> {
  const { DefaultArtifactClient } = await import('@actions/artifact');
  await new DefaultArtifactClient().uploadArtifact(name, files, dir, { retentionDays: undefined });
}

function defaultEnv(): PopulationEnv {
  const p = github.context.payload as { repository?: { default_branch?: string } };
  return { env: process.env, getInput: (n) => core.getInput(n), defaultBranch: p.repository?.default_branch, upload: uploadWithActionsArtifact, now: new Date() };
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/** Runs when input `population` says so: `auto` (the default) = on schedule events with an evidence branch. */
export function populationWanted(ctx: Pick<RunContext, 'eventName'>, e: Pick<PopulationEnv, 'getInput'>): boolean {
  const v = e.getInput('population').trim().toLowerCase() || 'auto';
  if (v === 'true') return true;
  if (v === 'false') return false;
  return ctx.eventName === 'schedule' && !!e.getInput('evidence-branch').trim();
}

export async function populationStep(ctx: RunContext, e: PopulationEnv = defaultEnv()): Promise<string | undefined> {
  if (!populationWanted(ctx, e)) return undefined;
  const ledgerBranch = e.getInput('evidence-branch').trim();
  const ledgerPath = e.getInput('evidence-ledger').trim() || 'ledger.jsonl';
  if (!ledgerBranch) {
    ctx.notes.push('No population report: it needs evidence-branch (where the ledger is).');
    return undefined;
  }
  if (!ctx.inputs.token) {
    ctx.notes.push('No population report: it needs github-token to read the ledger and the pull requests.');
    return undefined;
  }
  const branch = e.defaultBranch ?? (e.env.GITHUB_REF?.startsWith('refs/heads/') ? e.env.GITHUB_REF.slice(11) : undefined);
  if (!branch) {
    ctx.notes.push('No population report: the event does not name the default branch.');
    return undefined;
  }
  if (git(ctx.workspace, ['rev-parse', '--is-shallow-repository']).trim() === 'true') {
    ctx.notes.push('No population report: the checkout is shallow; the branch history is needed (actions/checkout with fetch-depth: 0).');
    return undefined;
  }
  const api = ctx.api ?? new GitHubApi(e.env.GITHUB_API_URL || 'https://api.github.com', ctx.inputs.token, `${ctx.owner}/${ctx.repo}`);
  const { text } = await readLedgerFile(api, ledgerPath, ledgerBranch);
  const v = verifyLedger(text);
  if (!v.ok) {
    ctx.notes.push(`No population report: the ledger ${ledgerBranch}:${ledgerPath} is NOT valid: ${formatProblem(v.problem!)}`);
    return undefined;
  }
  const audit = ctx.config.audit;
  const today = day(e.now);
  const from = audit?.window?.from ?? day(new Date(e.now.getTime() - 90 * 86_400_000));
  const to = audit?.window?.to && audit.window.to < today ? audit.window.to : today;
  const report = await buildPopulation({
    repo: ctx.workspace,
    branch,
    from,
    to,
    records: v.records,
    ledger: { file: `${ledgerBranch}:${ledgerPath}`, records: v.records.length, head: v.head, verified: true },
    enrich: githubEnricher(api, branch, (m) => core.info(`Population: ${m}`)),
    github: { api: api.apiUrl },
    repository: `${ctx.owner}/${ctx.repo}`,
    serverUrl: ctx.serverUrl,
    version: VERSION,
    pin: audit?.ruleset ? { audit, config: ctx.config.path ?? null, introducedIn: new Map(ALL_RULES.map((r) => [r.id, r.introducedIn])) } : undefined,
    now: e.now,
    command: `trustgate evidence population --branch ${branch} --from ${from} --to ${to} --ledger ${ledgerPath} --github`,
  });
  const temp = e.env.RUNNER_TEMP || tmpdir();
  const dir = join(temp, 'trustgate-population');
  const base = `population-${ctx.owner}-${ctx.repo}-${from}-${to}`.replace(/[^A-Za-z0-9._-]+/g, '-');
  const files = { html: join(dir, `${base}.html`), csv: join(dir, `${base}.csv`), json: join(dir, `${base}.json`) };
  writeFileSafe(files.html, toPopulationHtml(report), { within: [temp], mkdir: true });
  writeFileSafe(files.csv, toPopulationCsv(report), { within: [temp], mkdir: true });
  writeFileSafe(files.json, toPopulationJson(report), { within: [temp], mkdir: true });
  ctx.outputs['population-file'] = files.html;
  let where = '';
  ctx.population = { file: files.html, artifact: null };
  if (!e.env.ACTIONS_RUNTIME_TOKEN || !e.env.ACTIONS_RESULTS_URL) core.notice('Trustgate population: no artifact upload (ACTIONS_RUNTIME_TOKEN or ACTIONS_RESULTS_URL is not set outside a GitHub runner); the report is in the population-file output.');
  else {
    try {
      await e.upload(base, Object.values(files), dir);
      ctx.population.artifact = base;
      where = ' Uploaded as a workflow artifact.';
    } catch (err) {
      ctx.notes.push(`The population report was not uploaded as an artifact: ${(err as Error).message.split('\n')[0].slice(0, 200)}`);
    }
  }
  const exc = report.total - report.counts.covered;
  ctx.notes.push(`Population (CC8.1): ${report.total} commit(s) on ${branch} from ${from} to ${to}, ${report.counts.covered} covered, ${exc} exception(s).${where}`);
  const rows = POPULATION_CLASSES.map((c) => `| ${CLASS_LABEL[c]} | ${report.counts[c]} |`).join('\n');
  await core.summary.addRaw(`\n<details><summary>Population of changes (SOC 2 CC8.1): ${branch}, ${from} to ${to}</summary>\n\n| Class | Commits |\n|---|---:|\n${rows}\n| **Total** | **${report.total}** |\n\nLedger head \`${v.head ?? 'empty'}\`; the report: population-file output${where ? ', workflow artifact' : ''}.\n</details>\n`);
  return files.html;
}

/** The step main.ts runs (EXTRA_STEPS): a failure is a note, never a failed job. */
export const population: Step = async (ctx) => {
  try {
    await populationStep(ctx);
  } catch (err) {
    ctx.notes.push(`No population report this run: ${(err as Error).message.split('\n')[0].slice(0, 300)}`);
    core.info(`Population: not written: ${(err as Error).message}`);
  }
};
