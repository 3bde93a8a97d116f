// `trustgate report [PATH...] [--ledger FILE] [--from DATE --to DATE] [--format html|markdown|json] [--output FILE]`:
// the SOC 2 readiness report (core/readiness/). Exit codes: 0 written, 1 the ledger does not verify,
// 2 usage, config or unreadable file. The report never fails on findings: it is a document, not a gate.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError, type Args, type CliIO, type Command } from './command.js';
import { bundledWorkerScript, defaultWorkers } from '../core/workers.js';
import { ALL_RULES } from '../rules/index.js';
import { cliConfig } from '../core/config.js';
import { scan } from '../core/engine.js';
import { ExportError, parseWindowDate } from '../core/evidence/export.js';
import { formatProblem, verifyLedger } from '../core/evidence/ledger.js';
import type { EvidenceRecord } from '../core/evidence/types.js';
import { UnsafePathError, writeFileSafe } from '../core/safe-write.js';
import { ruleMeta } from '../core/rule.js';
import { buildGovernance } from '../core/governance/model.js';
import { today } from '../core/suppress.js';
import { CONTROL_CATALOGUE } from '../rules/governance/_lib/catalogue.js';
import { buildReadiness, type PopulationLink, type ReadinessReport } from '../core/readiness/model.js';
import { PopulationLinkError, populationLink } from '../core/readiness/population.js';
import { repoInfo } from '../core/readiness/repo.js';
import { toReadinessHtml } from '../core/readiness/html.js';
import { toReadinessMarkdown } from '../core/readiness/markdown.js';

const USAGE = `  trustgate report [PATH...] [options]

The SOC 2 readiness report: per criteria section (CC1-CC9, A1, C1, PI1, P) the verdict, rules,
resources checked, open findings with owners, suppressions in force and who added them,
compensating controls (listed apart, with what was verified), controls outside the code and what
code cannot show; a readiness score with its rule; with --ledger, the change history over the
window (Type II); with --population, a link to the population report. See docs/report.md.

Options:
  -f, --format FORMAT    html (default: one printable, self-contained file), markdown or json
                         (schemas/report-v1.json)
  -o, --output FILE      write the report to FILE instead of stdout
      --ledger FILE      an evidence ledger (JSON Lines) for the change history; verified first
      --from DATE        start of the window, YYYY-MM-DD (default: the ledger's first record)
      --to DATE          end of the window, YYYY-MM-DD (default: the ledger's last record)
      --population LOC   the population report of the window (trustgate evidence population): a
                         file (its counts are read from the .json of the same name) or an https URL
  -c, --config FILE      the policy file (default: .trustgate.yml found upward from the first PATH)
  -h, --help             this help

Exit codes: 0 = written, 1 = the ledger does not verify, 2 = usage, config or unreadable file.
Findings never change the exit code: the report is a document, not a gate.`;

export const reportCommand: Command = {
  summary: 'the SOC 2 readiness report (HTML, markdown or JSON), with the change history from a ledger',
  usage: USAGE,
  options: {
    ledger: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    population: { type: 'string' },
    format: { type: 'string', short: 'f' },
    output: { type: 'string', short: 'o' },
    config: { type: 'string', short: 'c' },
  },
  run: runReport,
};

export const REPORT_FORMATS = ['html', 'markdown', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function renderReport(r: ReadinessReport, format: ReportFormat): string {
  return format === 'json' ? JSON.stringify(r, null, 2) + '\n' : format === 'markdown' ? toReadinessMarkdown(r) : toReadinessHtml(r);
}

async function runReport({ values, positionals }: Args, io: CliIO): Promise<number> {
  const format = (values.format as string | undefined) ?? 'html';
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format "${format}" (html, markdown or json)`);
  const paths = positionals.length ? positionals : ['.'];
  for (const p of paths) if (!existsSync(resolve(io.cwd, p))) throw new UsageError(`path ${p} does not exist`);
  if ((values.from === undefined) !== (values.to === undefined)) throw new UsageError('--from and --to go together');

  let records: EvidenceRecord[] | undefined;
  let head: string | null = null;
  if (typeof values.ledger === 'string') {
    let text: string;
    try {
      text = readFileSync(resolve(io.cwd, values.ledger), 'utf8');
    } catch (e) {
      io.stderr(`trustgate report: cannot read ${values.ledger}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      return 2;
    }
    const v = verifyLedger(text);
    if (!v.ok) {
      io.stderr(`trustgate report: not reporting, ${values.ledger} is NOT valid: ${formatProblem(v.problem!)}\n`);
      return 1;
    }
    records = v.records;
    head = v.head;
  }
  let window: { from: string; to: string } | null = null;
  if (typeof values.from === 'string' && typeof values.to === 'string') window = { from: values.from, to: values.to };
  else if (records?.length) {
    const days = records.map((r) => r.timestamps.recordedAt.slice(0, 10)).sort();
    window = { from: days[0], to: days[days.length - 1] };
  }
  if (window) {
    try {
      if (parseWindowDate(window.from, false) > parseWindowDate(window.to, true)) throw new UsageError(`--from ${window.from} is after --to ${window.to}`);
    } catch (e) {
      if (e instanceof ExportError) throw new UsageError(e.message);
      throw e;
    }
  }

  let population: PopulationLink | null = null;
  if (typeof values.population === 'string') {
    try {
      population = populationLink(values.population, io.cwd);
    } catch (e) {
      if (e instanceof PopulationLinkError) throw new UsageError(e.message);
      throw e;
    }
  }

  const config = cliConfig(typeof values.config === 'string' ? values.config : undefined, paths[0], io.cwd, ALL_RULES);
  // Worker threads for large scans, as `trustgate scan` uses them.
  const script = bundledWorkerScript();
  const result = await scan({ paths, cwd: io.cwd, config, env: io.env, rules: ALL_RULES, signal: io.signal, workerScript: script, workers: script ? defaultWorkers() : 0 });
  const governance = buildGovernance(config, CONTROL_CATALOGUE, today());
  const report = buildReadiness({ result, rules: ALL_RULES.map(ruleMeta), config, cwd: io.cwd, repo: repoInfo(resolve(io.cwd, paths[0]), io.env), window, governance, ledger: records ? { records, head } : undefined, population });
  const out = renderReport(report, format as ReportFormat);
  if (typeof values.output === 'string') {
    try {
      writeFileSafe(resolve(io.cwd, values.output), out);
    } catch (e) {
      io.stderr(`trustgate report: ${e instanceof UnsafePathError ? e.message : `cannot write ${values.output}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`}\n`);
      return 2;
    }
    io.stderr(`trustgate report: readiness ${report.score.overall.percent}% (${report.score.overall.credited}/${report.score.overall.points} points), ${report.scan.findings} open findings; ${format} written to ${values.output}\n`);
  } else io.stdout(out);
  return 0;
}
