// The ledger: JSON Lines, one canonical-JSON record per line, each record's `previous` the digest of
// the record before (null for the first). Verification recomputes every digest, walks the chain,
// checks the schema and each record's internal consistency, and names the first bad record with its
// line number. A chain alone cannot tell a ledger re-sealed wholesale from the original: that takes an
// anchor (a head digest published where the ledger's editor cannot rewrite it: `expectHead`,
// `anchors`) or a signature (`hmacKey`).
import { existsSync, readFileSync } from 'node:fs';
import { writeFileSafe } from '../safe-write.js';
import { canonicalJson, recordDigest, signatureValid } from './canonical.js';
import { inconsistency } from './consistency.js';
import { seal } from './record.js';
import { SCHEMA_VERSION, type EvidenceRecord } from './types.js';
import { assertValidRecord, validateRecord } from './validate.js';

export type ProblemKind = 'json' | 'not-a-record' | 'newer-schema' | 'digest' | 'schema' | 'canonical' | 'chain' | 'blank-line' | 'inconsistent' | 'signature' | 'unsigned' | 'head' | 'anchor';

export interface LedgerProblem {
  /** 1-based line number in the file (= record position: one record per line). */
  line: number;
  kind: ProblemKind;
  reason: string;
}

export interface VerifyResult {
  ok: boolean;
  /** Valid records before the first problem (all of them when ok). */
  records: EvidenceRecord[];
  /** Digest of the last valid record. */
  head: string | null;
  /** Records whose signature was checked with the key. */
  signed: number;
  problem?: LedgerProblem;
}

export interface VerifyOptions {
  /** HMAC key: every signature must match it, the last record must be signed, and none after the first signed one may be unsigned. */
  hmacKey?: string;
  /** The ledger's last record must have this digest (published by the run that wrote it). */
  expectHead?: string;
  /** Digests published earlier (check runs, commit statuses): each must be a record of the ledger. */
  anchors?: string[];
}

export class LedgerError extends Error {
  constructor(
    message: string,
    readonly problem?: LedgerProblem,
  ) {
    super(message);
  }
}

export const formatProblem = (p: LedgerProblem) => `line ${p.line} (record ${p.line}): ${p.reason}`;

/** The ledger line for a sealed record (canonical JSON, no trailing newline). */
export const ledgerLine = (r: EvidenceRecord) => canonicalJson(r);

const short = (d: unknown) => (typeof d === 'string' ? d.replace(/^sha256:/, '').slice(0, 12) : String(d));

export function verifyLedger(text: string, opts: VerifyOptions = {}): VerifyResult {
  const lines = text.split('\n');
  // One trailing newline is the normal ending; a file that does not end in one may have been cut.
  const endsClean = text.endsWith('\n');
  if (endsClean) lines.pop();
  if (text === '') return anchored({ ok: true, records: [], head: null, signed: 0 }, 0, opts);
  // First pass: the digest each line claims, to recognise reordering and removals.
  const claimed = lines.map((l) => {
    const m = /"digest":"(sha256:[0-9a-f]{64})"/.exec(l);
    return m ? m[1] : undefined;
  });
  const records: EvidenceRecord[] = [];
  let prev: string | null = null;
  let signed = 0;
  const fail = (line: number, kind: ProblemKind, reason: string): VerifyResult => ({ ok: false, records, head: prev, signed, problem: { line, kind, reason } });
  for (let i = 0; i < lines.length; i++) {
    const n = i + 1;
    const raw = lines[i].replace(/\r$/, '');
    if (!raw.trim()) return fail(n, 'blank-line', 'blank line inside the ledger (a record was cut out or the file was edited)');
    let v: unknown;
    try {
      v = JSON.parse(raw);
    } catch (e) {
      const last = i === lines.length - 1 && !endsClean;
      return fail(n, 'json', last ? `truncated JSON: the file ends in the middle of this record (${(e as Error).message})` : `not valid JSON (${(e as Error).message}); the line was damaged`);
    }
    if (!v || typeof v !== 'object' || Array.isArray(v)) return fail(n, 'not-a-record', 'not a JSON object, so not an evidence record');
    const o = v as Record<string, unknown>;
    if (typeof o.schemaVersion === 'number' && o.schemaVersion > SCHEMA_VERSION)
      return fail(n, 'newer-schema', `written by a newer Trustgate (schema v${o.schemaVersion}); upgrade Trustgate to read this ledger (this version reads schema v${SCHEMA_VERSION})`);
    if (typeof o.digest === 'string') {
      const computed = recordDigest(o);
      if (computed !== o.digest) return fail(n, 'digest', `contents changed after it was written: stored digest ${short(o.digest)}…, computed ${short(computed)}… (tampered or corrupted)`);
    }
    const errs = validateRecord(o);
    if (errs.length) return fail(n, 'schema', `does not match schemas/evidence-v1.json: ${errs.slice(0, 3).map((e) => `${e.path} ${e.message}`).join('; ')}`);
    if (canonicalJson(o) !== raw) return fail(n, 'canonical', 'not in canonical form (the line was re-formatted or edited after it was written)');
    const r = o as unknown as EvidenceRecord;
    if (r.previous !== prev) {
      const later = claimed.findIndex((d, j) => j > i && d === r.previous);
      const earlier = claimed.findIndex((d, j) => j < i - 1 && d === r.previous);
      let why: string;
      if (later >= 0) why = `records out of order: its previous record is at line ${later + 1}, after it (records swapped or moved)`;
      else if (earlier >= 0) why = `chain broken: its previous record is at line ${earlier + 1}, not line ${n - 1} (a record was inserted, duplicated or moved)`;
      else if (r.previous === null) why = `chain broken: previous is null, but only the first record may start the chain (records were joined from two ledgers)`;
      else if (prev === null) why = `chain broken: the first record's previous is ${short(r.previous)}…, not null (records before it were removed)`;
      else why = `chain broken: its previous record ${short(r.previous)}… is missing (a record was removed before line ${n})`;
      return fail(n, 'chain', why);
    }
    const odd = inconsistency(r);
    if (odd) return fail(n, 'inconsistent', `inconsistent record: ${odd} (edited, then re-sealed?)`);
    if (opts.hmacKey !== undefined) {
      if (r.signature !== undefined) {
        if (!signatureValid(r, opts.hmacKey)) return fail(n, 'signature', 'signature does not match the HMAC key (the record was changed and re-sealed without the key, or another key signed it)');
        signed++;
      } else if (signed) return fail(n, 'unsigned', 'not signed, although the records before it are (a record added without the key)');
    }
    records.push(r);
    prev = r.digest;
  }
  if (opts.hmacKey !== undefined && records.length && records[records.length - 1].signature === undefined)
    return fail(records.length, 'unsigned', 'the last record is not signed with the HMAC key (signatures removed, or the ledger was written without the key)');
  return anchored({ ok: true, records, head: prev, signed }, lines.length, opts);
}

/** Check the published digests against a ledger whose chain verified. */
function anchored(v: VerifyResult, lineCount: number, opts: VerifyOptions): VerifyResult {
  const at = new Map(v.records.map((r, i) => [r.digest, i + 1]));
  const last = Math.max(1, lineCount);
  if (opts.expectHead !== undefined && opts.expectHead !== v.head) {
    const line = at.get(opts.expectHead);
    const reason =
      line !== undefined
        ? `the expected head ${short(opts.expectHead)}… is line ${line}, but ${lineCount - line} record(s) follow it (added after the head was published)`
        : `no record has the expected head digest ${short(opts.expectHead)}… (the head is ${v.head ? `${short(v.head)}…` : 'empty'}): records were rewritten and re-sealed, or cut off the end`;
    return { ...v, ok: false, problem: { line: last, kind: 'head', reason } };
  }
  for (const a of opts.anchors ?? []) {
    if (!at.has(a)) return { ...v, ok: false, problem: { line: last, kind: 'anchor', reason: `the published digest ${short(a)}… is not in the ledger: records up to it were rewritten and re-sealed, or removed` } };
  }
  return v;
}

/** Chain a record onto a ledger's text: returns the sealed record and the new text. Refuses a broken ledger. */
export function appendToLedgerText(text: string, rec: Omit<EvidenceRecord, 'digest'> | EvidenceRecord, hmacKey?: string): { record: EvidenceRecord; text: string } {
  const v = verifyLedger(text, { hmacKey });
  if (!v.ok) throw new LedgerError(`the ledger is not valid, not appending: ${formatProblem(v.problem!)}`, v.problem);
  const record = seal(rec, v.head, hmacKey);
  // A record the next verify would reject must not enter the ledger (it would block every later append).
  assertValidRecord(record);
  const base = text === '' || text.endsWith('\n') ? text : text + '\n';
  return { record, text: base + ledgerLine(record) + '\n' };
}

export function appendToLedgerFile(path: string, rec: Omit<EvidenceRecord, 'digest'> | EvidenceRecord, hmacKey?: string): EvidenceRecord {
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const { record, text: next } = appendToLedgerText(text, rec, hmacKey);
  writeFileSafe(path, next);
  return record;
}
