// `trustgate report [PATH...] [--ledger FILE] [--from DATE --to DATE] [--format html|markdown|json] [--output FILE]`:
// the SOC 2 readiness report (core/readiness/). Exit codes: 0 written, 1 the ledger does not verify,
// 2 usage, config or unreadable file. The report never fails on findings: it is a document, not a gate.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { availableParallelism } from 'node:os';
import { workerScript } from './cli.js';
import { ALL_RULES } from '../rules/index.js';
import { ConfigError, defaultConfig, findConfig, loadConfig, type Config } from '../core/config.js';
import { scan } from '../core/engine.js';
import { ExportError, parseWindowDate } from '../core/evidence/export.js';
import { formatProblem, verifyLedger } from '../core/evidence/ledger.js';
import type { EvidenceRecord } from '../core/evidence/types.js';
import { UnsafePathError, writeFileSafe } from '../core/safe-write.js';
import { ruleMeta } from '../core/rule.js';
import { buildGovernance } from '../core/governance/model.js';
import { today } from '../core/suppress.js';
import { CONTROL_CATALOGUE } from '../rules/governance/_lib/catalogue.js';
import { buildReadiness, type ReadinessReport } from '../core/readiness/model.js';
import { repoInfo } from '../core/readiness/repo.js';
import { toReadinessHtml } from '../core/readiness/html.js';
import { toReadinessMarkdown } from '../core/readiness/markdown.js';

export const REPORT_USAGE = `Usage:
  trustgate report [PATH...] [--ledger FILE] [--from YYYY-MM-DD --to YYYY-MM-DD]
                   [--format html|markdown|json] [--output FILE] [--config FILE]
      PATH      what to scan (default .)
      --ledger  an evidence ledger (JSON Lines, trustgate evidence verify) for the change history
      --from/--to  the audit window (default: the ledger's first and last record)
      --format  html (default, one printable self-contained file), markdown or json (schemas/report-v1.json)`;

export interface ReportIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

export const REPORT_FORMATS = ['html', 'markdown', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function renderReport(r: ReadinessReport, format: ReportFormat): string {
  return format === 'json' ? JSON.stringify(r, null, 2) + '\n' : format === 'markdown' ? toReadinessMarkdown(r) : toReadinessHtml(r);
}

export async function reportCommand(args: string[], io: ReportIO): Promise<number> {
  const usage = (msg: string) => {
    io.stderr(`trustgate report: ${msg}\n\n${REPORT_USAGE}\n`);
    return 2;
  };
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        ledger: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        format: { type: 'string', short: 'f' },
        output: { type: 'string', short: 'o' },
        config: { type: 'string', short: 'c' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    return usage((e as Error).message);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help) {
    io.stdout(REPORT_USAGE + '\n');
    return 0;
  }
  const format = (values.format as string | undefined) ?? 'html';
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) return usage(`unknown format "${format}" (html, markdown or json)`);
  const paths = parsed.positionals.length ? parsed.positionals : ['.'];
  for (const p of paths) if (!existsSync(resolve(io.cwd, p))) return usage(`path ${p} does not exist`);
  if ((values.from === undefined) !== (values.to === undefined)) return usage('--from and --to go together');

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
      if (parseWindowDate(window.from, false) > parseWindowDate(window.to, true)) return usage(`--from ${window.from} is after --to ${window.to}`);
    } catch (e) {
      if (e instanceof ExportError) return usage(e.message);
      throw e;
    }
  }

  let config: Config;
  try {
    if (typeof values.config === 'string') config = loadConfig(resolve(io.cwd, values.config), ALL_RULES);
    else {
      const found = findConfig(resolve(io.cwd, paths[0]));
      config = found ? loadConfig(found, ALL_RULES) : defaultConfig();
    }
  } catch (e) {
    if (e instanceof ConfigError) {
      io.stderr(`trustgate report: config error${e.file ? ` in ${e.file}${e.line ? `:${e.line}` : ''}` : ''}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  // Worker threads for large scans, as `trustgate scan` uses them.
  const script = workerScript();
  const result = await scan({ paths, cwd: io.cwd, config, env: io.env, rules: ALL_RULES, signal: io.signal, workerScript: script, workers: script ? Math.min(availableParallelism(), 8) : 0 });
  const governance = buildGovernance(config, CONTROL_CATALOGUE, today());
  const report = buildReadiness({ result, rules: ALL_RULES.map(ruleMeta), config, cwd: io.cwd, repo: repoInfo(resolve(io.cwd, paths[0]), io.env), window, governance, ledger: records ? { records, head } : undefined });
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
