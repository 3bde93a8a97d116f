// `trustgate evidence verify LEDGER [--expect-head DIGEST] [--anchor FILE]` and
// `trustgate evidence export LEDGER --from --to --format`. The HMAC key is read from the environment
// (TRUSTGATE_EVIDENCE_HMAC_KEY) or a file, never from the command line (other users can read argv).
// Exit codes: verify 0 valid, 1 invalid (with the position); export 0 written, 1 ledger invalid;
// 2 usage error or unreadable file. Bad input never prints a stack trace.
import { readFileSync } from 'node:fs';
import { UnsafePathError, writeFileSafe } from '../core/safe-write.js';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildPack, ExportError, toPackCsv, toPackHtml, toPackJson } from '../core/evidence/export.js';
import { formatProblem, verifyLedger, type VerifyOptions } from '../core/evidence/ledger.js';
import { populationCommand, POPULATION_USAGE } from './population.js';

const DIGEST = /^sha256:[0-9a-f]{64}$/;
const DIGESTS = /sha256:[0-9a-f]{64}/g;

export const HMAC_ENV = 'TRUSTGATE_EVIDENCE_HMAC_KEY';

export const EVIDENCE_USAGE = `Usage:
  trustgate evidence verify LEDGER [--expect-head sha256:DIGEST] [--anchor FILE] [--hmac-key-file FILE]
      --expect-head  the ledger's last record must have this digest (the run that wrote it published it)
      --anchor       every sha256:… digest in FILE (check-run outputs, commit statuses) must be a record
      --hmac-key-file, or $${HMAC_ENV}: check every record's signature with this key
  trustgate evidence export LEDGER --from YYYY-MM-DD --to YYYY-MM-DD --format html|csv|json [--output FILE]
${POPULATION_USAGE}`;

export interface EvidenceIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

export async function evidenceCommand(args: string[], io: EvidenceIO): Promise<number> {
  const usage = (msg: string) => {
    io.stderr(`trustgate evidence: ${msg}\n\n${EVIDENCE_USAGE}\n`);
    return 2;
  };
  try {
    const [sub, ...rest] = args;
    if (!sub) return usage('missing subcommand (verify, export or population)');
    if (sub === '--help' || sub === '-h') {
      io.stdout(EVIDENCE_USAGE + '\n');
      return 0;
    }
    if (sub === 'population') return await populationCommand(rest, io, usage);
    if (sub !== 'verify' && sub !== 'export') return usage(`unknown subcommand "${sub}" (verify, export or population)`);
    let parsed;
    try {
      parsed = parseArgs({
        args: rest,
        allowPositionals: true,
        strict: true,
        options:
          sub === 'export'
            ? { from: { type: 'string' }, to: { type: 'string' }, format: { type: 'string', short: 'f' }, output: { type: 'string', short: 'o' } }
            : { 'expect-head': { type: 'string' }, anchor: { type: 'string', multiple: true }, 'hmac-key-file': { type: 'string' } },
      });
    } catch (e) {
      return usage((e as Error).message);
    }
    const { values, positionals } = parsed as { values: Record<string, string | undefined>; positionals: string[] };
    const opts: VerifyOptions = {};
    if (sub === 'verify') {
      const head = values['expect-head'];
      if (head !== undefined) {
        if (!DIGEST.test(head)) return usage(`--expect-head must be a record digest (sha256: and 64 hex digits), not "${head}"`);
        opts.expectHead = head;
      }
      const anchors: string[] = [];
      for (const f of (values.anchor as unknown as string[] | undefined) ?? []) {
        let t: string;
        try {
          t = readFileSync(resolve(io.cwd, f), 'utf8');
        } catch (e) {
          io.stderr(`trustgate evidence: cannot read anchor file ${f}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
          return 2;
        }
        const found = t.match(DIGESTS) ?? [];
        if (!found.length) return usage(`anchor file ${f} holds no sha256:… digest`);
        anchors.push(...found);
      }
      if (anchors.length) opts.anchors = [...new Set(anchors)];
      const keyFile = values['hmac-key-file'];
      if (keyFile !== undefined) {
        try {
          opts.hmacKey = readFileSync(resolve(io.cwd, keyFile), 'utf8').trim();
        } catch (e) {
          io.stderr(`trustgate evidence: cannot read key file ${keyFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
          return 2;
        }
      } else if (io.env?.[HMAC_ENV]) opts.hmacKey = io.env[HMAC_ENV];
      if (opts.hmacKey === '') return usage('the HMAC key is empty');
    }
    if (positionals.length !== 1) return usage(`${sub} takes one ledger file`);
    const path = resolve(io.cwd, positionals[0]);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      io.stderr(`trustgate evidence: cannot read ${positionals[0]}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      return 2;
    }
    const v = verifyLedger(text, opts);
    if (sub === 'verify') {
      if (!v.ok) {
        io.stderr(`trustgate evidence: ${positionals[0]} is NOT valid: ${formatProblem(v.problem!)}\n`);
        if (v.records.length) io.stderr(`  the ${v.records.length} record(s) before it verify; the last good digest is ${v.head}\n`);
        return 1;
      }
      const also = [
        opts.hmacKey !== undefined ? `${v.signed} signature(s) valid` : v.records.some((r) => r.signature) ? 'signatures not checked (no key)' : '',
        opts.expectHead ? 'head as expected' : '',
        opts.anchors ? `${opts.anchors.length} anchor(s) found` : '',
      ].filter(Boolean);
      io.stdout(`${positionals[0]}: ${v.records.length} record(s), hash chain, schema and consistency valid${also.length ? `; ${also.join('; ')}` : ''}; head ${v.head ?? '(empty ledger)'}\n`);
      if (!opts.expectHead && !opts.anchors && opts.hmacKey === undefined && v.records.length)
        io.stderr('trustgate evidence: note: without --expect-head, --anchor or an HMAC key, a ledger rewritten and re-sealed as a whole also verifies\n');
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
