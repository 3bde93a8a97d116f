// `trustgate evidence verify LEDGER [--expect-head DIGEST] [--anchor FILE]` and
// `trustgate evidence export LEDGER --from --to --format`. The HMAC key is read from the environment
// (TRUSTGATE_EVIDENCE_HMAC_KEY) or a file, never from the command line (other users can read argv).
// Exit codes: verify 0 valid, 1 invalid (with the position); export 0 written, 1 ledger invalid;
// 2 usage error or unreadable file. Bad input never prints a stack trace.
import { readFileSync } from 'node:fs';
import { UnsafePathError, writeFileSafe } from '../core/safe-write.js';
import { resolve } from 'node:path';
import { buildPack, ExportError, toPackCsv, toPackHtml, toPackJson } from '../core/evidence/export.js';
import { formatProblem, verifyLedger, type VerifyOptions } from '../core/evidence/ledger.js';
import { UsageError, type Args, type CliIO, type Command } from './command.js';

const DIGEST = /^sha256:[0-9a-f]{64}$/;
const DIGESTS = /sha256:[0-9a-f]{64}/g;

export const HMAC_ENV = 'TRUSTGATE_EVIDENCE_HMAC_KEY';

const VERIFY_USAGE = `  trustgate evidence verify LEDGER [--expect-head sha256:DIGEST] [--anchor FILE]... [--hmac-key-file FILE]

Checks the ledger's hash chain, schema and consistency.

Options:
      --expect-head DIGEST  the ledger's last record must have this digest (the run that wrote it published it)
      --anchor FILE         every sha256:… digest in FILE (check-run outputs, commit statuses) must be a record
      --hmac-key-file FILE  check every record's signature with this key (or set $${HMAC_ENV})
  -h, --help                this help`;

const EXPORT_USAGE = `  trustgate evidence export LEDGER --from YYYY-MM-DD --to YYYY-MM-DD [--format html|csv|json] [--output FILE]

Writes the audit-window evidence pack of a valid ledger.

Options:
      --from DATE        first day of the window
      --to DATE          last day of the window
  -f, --format FORMAT    html (default), csv or json
  -o, --output FILE      write to FILE instead of stdout
  -h, --help             this help`;

const unreadable = (what: string, e: unknown) => `${what}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;

/** Reads and verifies the one ledger file named on the command line; undefined when it cannot be read (reported). */
function readLedger(positionals: string[], sub: string, io: CliIO, opts: VerifyOptions = {}) {
  if (positionals.length !== 1) throw new UsageError(`${sub} takes one ledger file`);
  let text: string;
  try {
    text = readFileSync(resolve(io.cwd, positionals[0]), 'utf8');
  } catch (e) {
    io.stderr(`trustgate evidence: ${unreadable(`cannot read ${positionals[0]}`, e)}\n`);
    return undefined;
  }
  return verifyLedger(text, opts);
}

function runVerify(args: Args, io: CliIO): number {
  const values = args.values as Record<string, string | undefined>;
  const opts: VerifyOptions = {};
  const head = values['expect-head'];
  if (head !== undefined) {
    if (!DIGEST.test(head)) throw new UsageError(`--expect-head must be a record digest (sha256: and 64 hex digits), not "${head}"`);
    opts.expectHead = head;
  }
  const anchors: string[] = [];
  for (const f of (args.values.anchor as string[] | undefined) ?? []) {
    let t: string;
    try {
      t = readFileSync(resolve(io.cwd, f), 'utf8');
    } catch (e) {
      io.stderr(`trustgate evidence: ${unreadable(`cannot read anchor file ${f}`, e)}\n`);
      return 2;
    }
    const found = t.match(DIGESTS) ?? [];
    if (!found.length) throw new UsageError(`anchor file ${f} holds no sha256:… digest`);
    anchors.push(...found);
  }
  if (anchors.length) opts.anchors = [...new Set(anchors)];
  const keyFile = values['hmac-key-file'];
  if (keyFile !== undefined) {
    try {
      opts.hmacKey = readFileSync(resolve(io.cwd, keyFile), 'utf8').trim();
    } catch (e) {
      io.stderr(`trustgate evidence: ${unreadable(`cannot read key file ${keyFile}`, e)}\n`);
      return 2;
    }
  } else if (io.env?.[HMAC_ENV]) opts.hmacKey = io.env[HMAC_ENV];
  if (opts.hmacKey === '') throw new UsageError('the HMAC key is empty');
  const v = readLedger(args.positionals, 'verify', io, opts);
  if (!v) return 2;
  const name = args.positionals[0];
  if (!v.ok) {
    io.stderr(`trustgate evidence: ${name} is NOT valid: ${formatProblem(v.problem!)}\n`);
    if (v.records.length) io.stderr(`  the ${v.records.length} record(s) before it verify; the last good digest is ${v.head}\n`);
    return 1;
  }
  const also = [
    opts.hmacKey !== undefined ? `${v.signed} signature(s) valid` : v.records.some((r) => r.signature) ? 'signatures not checked (no key)' : '',
    opts.expectHead ? 'head as expected' : '',
    opts.anchors ? `${opts.anchors.length} anchor(s) found` : '',
  ].filter(Boolean);
  io.stdout(`${name}: ${v.records.length} record(s), hash chain, schema and consistency valid${also.length ? `; ${also.join('; ')}` : ''}; head ${v.head ?? '(empty ledger)'}\n`);
  if (!opts.expectHead && !opts.anchors && opts.hmacKey === undefined && v.records.length)
    io.stderr('trustgate evidence: note: without --expect-head, --anchor or an HMAC key, a ledger rewritten and re-sealed as a whole also verifies\n');
  return 0;
}

function runExport(args: Args, io: CliIO): number {
  const values = args.values as Record<string, string | undefined>;
  const format = values.format ?? 'html';
  if (!['html', 'csv', 'json'].includes(format)) throw new UsageError(`unknown format "${format}" (html, csv or json)`);
  if (!values.from || !values.to) throw new UsageError('export needs --from and --to (YYYY-MM-DD)');
  const v = readLedger(args.positionals, 'export', io);
  if (!v) return 2;
  if (!v.ok) {
    io.stderr(`trustgate evidence: not exporting, ${args.positionals[0]} is NOT valid: ${formatProblem(v.problem!)}\n`);
    return 1;
  }
  let pack;
  try {
    pack = buildPack(v.records, { from: values.from, to: values.to, head: v.head, verified: true });
  } catch (e) {
    if (e instanceof ExportError) throw new UsageError(e.message);
    throw e;
  }
  const out = format === 'json' ? toPackJson(pack) : format === 'csv' ? toPackCsv(pack) : toPackHtml(pack);
  if (values.output) {
    try {
      writeFileSafe(resolve(io.cwd, values.output), out);
    } catch (e) {
      io.stderr(`trustgate evidence: ${e instanceof UnsafePathError ? e.message : unreadable(`cannot write ${values.output}`, e)}\n`);
      return 2;
    }
    io.stderr(`trustgate evidence: ${pack.totals.changes} changes, ${pack.totals.exceptions} exceptions, ${pack.totals.riskAcceptances} risk acceptances written to ${values.output}\n`);
  } else io.stdout(out);
  return 0;
}

export const evidenceVerifyCommand: Command = {
  summary: 'check a ledger: hash chain, schema, consistency, head, anchors, signatures',
  usage: VERIFY_USAGE,
  options: { 'expect-head': { type: 'string' }, anchor: { type: 'string', multiple: true }, 'hmac-key-file': { type: 'string' } },
  run: runVerify,
};

export const evidenceExportCommand: Command = {
  summary: 'write the evidence pack of an audit window (html, csv, json)',
  usage: EXPORT_USAGE,
  options: { from: { type: 'string' }, to: { type: 'string' }, format: { type: 'string', short: 'f' }, output: { type: 'string', short: 'o' } },
  run: runExport,
};
