// `trustgate evidence population`: every commit that reached a branch in the audit window, matched to
// the evidence ledger and classified (core/evidence/population.ts). With --github, what git and the
// ledger cannot tell is read from the API: the token comes from GITHUB_TOKEN (or GH_TOKEN), the host
// from GITHUB_API_URL (default api.github.com), and the token is sent to that host only.
// Exit codes: 0 written; 1 the ledger does not verify; 2 usage error, unreadable file, not a branch.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ALL_RULES } from '../rules/index.js';
import { ConfigError, CONFIG_NAMES, loadConfig } from '../core/config.js';
import { GitHubApi } from '../core/github.js';
import { formatProblem, verifyLedger } from '../core/evidence/ledger.js';
import { ExportError } from '../core/evidence/export.js';
import { buildPopulation, PopulationError, type PopulationReport } from '../core/evidence/population.js';
import { githubEnricher } from '../core/evidence/population-github.js';
import { toPopulationCsv, toPopulationHtml, toPopulationJson, toPopulationMarkdown } from '../core/evidence/population-render.js';
import { UnsafePathError, writeFileSafe } from '../core/safe-write.js';
import { VERSION } from '../core/version.js';
import { UsageError, type Args, type CliIO, type Command } from './command.js';

const POPULATION_USAGE = `  trustgate evidence population --branch BRANCH [--from YYYY-MM-DD --to YYYY-MM-DD] [--repo PATH] [--ledger LEDGER]
      [--format html|csv|json|markdown] [--output FILE] [--github] [--repository OWNER/REPO] [--config FILE]
      every first-parent commit on BRANCH in the window, matched to the ledger and classified (covered,
      direct push, admin bypass, self-approved or unapproved, approved on an older commit, checks
      missing or failing, no ledger record); --github reads what git cannot tell from the API
      (token: $GITHUB_TOKEN or $GH_TOKEN; host: $GITHUB_API_URL); the window defaults to audit.window and
      findings are split into regressions and new-rule findings by audit.ruleset of .trustgate.yml
      (--config, else the one at the top of --repo)`;

export const RENDER: Record<string, (p: PopulationReport) => string> = { html: toPopulationHtml, csv: toPopulationCsv, json: toPopulationJson, markdown: toPopulationMarkdown };

async function runPopulation(args: Args, io: CliIO): Promise<number> {
  const values = args.values;
  const usage = (msg: string): never => {
    throw new UsageError(msg);
  };
  if (args.positionals.length) usage(`unexpected argument "${args.positionals[0]}"`);
  const str = (k: string) => values[k] as string | undefined;
  const err = (m: string) => {
    io.stderr(`trustgate evidence: ${m}\n`);
    return 2;
  };
  const format = str('format') ?? 'html';
  if (!RENDER[format]) return usage(`unknown format "${format}" (html, csv, json or markdown)`);
  const branch = str('branch');
  const repoDir = resolve(io.cwd, str('repo') ?? '.');
  // The audit pin: --config, else the repository's own .trustgate.yml (its working tree).
  let pin: Parameters<typeof buildPopulation>[0]['pin'];
  const cfgPath = str('config') !== undefined ? resolve(io.cwd, str('config')!) : CONFIG_NAMES.map((n) => join(repoDir, n)).find((p) => existsSync(p));
  if (cfgPath) {
    try {
      const audit = loadConfig(cfgPath, ALL_RULES).audit;
      if (audit) pin = { audit, config: str('config') ?? cfgPath, introducedIn: new Map(ALL_RULES.map((r) => [r.id, r.introducedIn])) };
    } catch (e) {
      if (e instanceof ConfigError) return err(`config error in ${cfgPath}: ${e.message}`);
      throw e;
    }
  }
  const from = str('from') ?? pin?.audit.window?.from;
  const to = str('to') ?? pin?.audit.window?.to;
  if (!branch || !from || !to) return usage('population needs --branch, and --from and --to (YYYY-MM-DD) unless .trustgate.yml sets audit.window');
  const repository = str('repository') ?? io.env?.GITHUB_REPOSITORY;
  if (repository !== undefined && !/^[\w.-]+\/[\w.-]+$/.test(repository)) return usage(`--repository must be OWNER/REPO, not "${repository}"`);
  let ledger: Parameters<typeof buildPopulation>[0]['ledger'];
  let records;
  const ledgerFile = str('ledger');
  if (ledgerFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(resolve(io.cwd, ledgerFile), 'utf8');
    } catch (e) {
      return err(`cannot read ${ledgerFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const v = verifyLedger(text);
    if (!v.ok) {
      io.stderr(`trustgate evidence: not reporting, ${ledgerFile} is NOT valid: ${formatProblem(v.problem!)}\n`);
      return 1;
    }
    records = v.records;
    ledger = { file: ledgerFile, records: v.records.length, head: v.head, verified: true };
  }
  let enrich;
  let github;
  if (values.github) {
    const token = io.env?.GITHUB_TOKEN || io.env?.GH_TOKEN;
    if (!token) return usage('--github needs a token in GITHUB_TOKEN (or GH_TOKEN)');
    const repo = repository ?? records?.find((r) => r.repository)?.repository;
    if (!repo) return usage('--github needs --repository OWNER/REPO (no ledger record names the repository)');
    const apiUrl = io.env?.GITHUB_API_URL || 'https://api.github.com';
    const api = new GitHubApi(apiUrl, token, repo);
    enrich = githubEnricher(api, branch, (m) => io.stderr(`trustgate evidence: GitHub API: ${m}\n`));
    github = { api: apiUrl };
  }
  const cmd = ['trustgate evidence population', `--branch ${branch}`, `--from ${from}`, `--to ${to}`, ledgerFile ? `--ledger ${ledgerFile}` : '', values.github ? '--github' : ''].filter(Boolean).join(' ');
  let report: PopulationReport;
  try {
    report = await buildPopulation({
      repo: repoDir,
      branch,
      from,
      to,
      pin,
      records,
      ledger,
      enrich,
      github,
      repository: repository ?? null,
      serverUrl: io.env?.GITHUB_SERVER_URL,
      version: VERSION,
      command: cmd,
    });
  } catch (e) {
    if (e instanceof PopulationError || e instanceof ExportError) return usage(e.message);
    if ((e as { stderr?: unknown }).stderr !== undefined) return err(`git failed in ${str('repo') ?? '.'}: ${String((e as { stderr: unknown }).stderr).trim().split('\n')[0] || (e as Error).message}`);
    throw e;
  }
  const out = RENDER[format](report);
  const exc = report.total - report.counts.covered;
  const said = `${report.total} commit(s) on ${branch}, ${report.counts.covered} covered, ${exc} exception(s)${report.incomplete.length ? `; incomplete: ${report.incomplete.length} note(s)` : ''}`;
  const output = str('output');
  if (output) {
    try {
      writeFileSafe(resolve(io.cwd, output), out);
    } catch (e) {
      return err(e instanceof UnsafePathError ? e.message : `cannot write ${output}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    io.stderr(`trustgate evidence: ${said}; written to ${output}\n`);
  } else {
    io.stdout(out);
    io.stderr(`trustgate evidence: ${said}\n`);
  }
  return 0;
}

export const populationCommand: Command = {
  summary: 'every commit that reached a branch in the audit window, matched to the ledger',
  usage: POPULATION_USAGE,
  options: {
    repo: { type: 'string' },
    branch: { type: 'string', short: 'b' },
    from: { type: 'string' },
    to: { type: 'string' },
    ledger: { type: 'string' },
    format: { type: 'string', short: 'f' },
    output: { type: 'string', short: 'o' },
    github: { type: 'boolean' },
    repository: { type: 'string' },
    config: { type: 'string', short: 'c' },
  },
  run: runPopulation,
};
