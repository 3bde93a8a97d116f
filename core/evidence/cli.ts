// `trustgate evidence verify LEDGER` and `trustgate evidence export LEDGER --from --to --format`.
// Exit codes: verify 0 valid, 1 invalid (with the position); export 0 written, 1 ledger invalid;
// 2 usage error or unreadable file. Bad input never prints a stack trace.
import { readFileSync } from 'node:fs';
import { UnsafePathError, writeFileSafe } from '../safe-write.js';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildPack, ExportError, toPackCsv, toPackHtml, toPackJson } from './export.js';
import { formatProblem, verifyLedger } from './ledger.js';

export const EVIDENCE_USAGE = `Usage:
  trustgate evidence verify LEDGER
  trustgate evidence export LEDGER --from YYYY-MM-DD --to YYYY-MM-DD --format html|csv|json [--output FILE]`;

export interface EvidenceIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
}

export async function evidenceCommand(args: string[], io: EvidenceIO): Promise<number> {
  const usage = (msg: string) => {
    io.stderr(`trustgate evidence: ${msg}\n\n${EVIDENCE_USAGE}\n`);
    return 2;
  };
  try {
    const [sub, ...rest] = args;
    if (!sub) return usage('missing subcommand (verify or export)');
    if (sub === '--help' || sub === '-h') {
      io.stdout(EVIDENCE_USAGE + '\n');
      return 0;
    }
    if (sub !== 'verify' && sub !== 'export') return usage(`unknown subcommand "${sub}" (verify or export)`);
    let parsed;
    try {
      parsed = parseArgs({
        args: rest,
        allowPositionals: true,
        strict: true,
        options: sub === 'export' ? { from: { type: 'string' }, to: { type: 'string' }, format: { type: 'string', short: 'f' }, output: { type: 'string', short: 'o' } } : {},
      });
    } catch (e) {
      return usage((e as Error).message);
    }
    const { values, positionals } = parsed as { values: Record<string, string | undefined>; positionals: string[] };
    if (positionals.length !== 1) return usage(`${sub} takes one ledger file`);
    const path = resolve(io.cwd, positionals[0]);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      io.stderr(`trustgate evidence: cannot read ${positionals[0]}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      return 2;
    }
    const v = verifyLedger(text);
    if (sub === 'verify') {
      if (!v.ok) {
        io.stderr(`trustgate evidence: ${positionals[0]} is NOT valid: ${formatProblem(v.problem!)}\n`);
        if (v.records.length) io.stderr(`  the ${v.records.length} record(s) before it verify; the last good digest is ${v.head}\n`);
        return 1;
      }
      io.stdout(`${positionals[0]}: ${v.records.length} record(s), hash chain and schema valid; head ${v.head ?? '(empty ledger)'}\n`);
      return 0;
    }
    const format = values.format ?? 'html';
    if (!['html', 'csv', 'json'].includes(format)) return usage(`unknown format "${format}" (html, csv or json)`);
    if (!values.from || !values.to) return usage('export needs --from and --to (YYYY-MM-DD)');
    if (!v.ok) {
      io.stderr(`trustgate evidence: not exporting, ${positionals[0]} is NOT valid: ${formatProblem(v.problem!)}\n`);
      return 1;
    }
    let pack;
    try {
      pack = buildPack(v.records, { from: values.from, to: values.to, head: v.head, verified: true });
    } catch (e) {
      if (e instanceof ExportError) return usage(e.message);
      throw e;
    }
    const out = format === 'json' ? toPackJson(pack) : format === 'csv' ? toPackCsv(pack) : toPackHtml(pack);
    if (values.output) {
      try {
        writeFileSafe(resolve(io.cwd, values.output), out);
      } catch (e) {
        io.stderr(`trustgate evidence: ${e instanceof UnsafePathError ? e.message : `cannot write ${values.output}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`}\n`);
        return 2;
      }
      io.stderr(`trustgate evidence: ${pack.totals.changes} changes, ${pack.totals.exceptions} exceptions, ${pack.totals.riskAcceptances} risk acceptances written to ${values.output}\n`);
    } else io.stdout(out);
    return 0;
  } catch (e) {
    io.stderr(`trustgate evidence: internal error: ${(e as Error).message}\n`);
    return 2;
  }
}
