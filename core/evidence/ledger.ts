// The ledger: JSON Lines, one canonical-JSON record per line, each record's `previous` the digest of
// the record before (null for the first). Verification recomputes every digest, walks the chain and
// checks the schema, and names the first bad record with its line number.
import { existsSync, readFileSync } from 'node:fs';
import { writeFileSafe } from '../safe-write.js';
import { canonicalJson, recordDigest } from './canonical.js';
import { seal } from './record.js';
import { SCHEMA_VERSION, type EvidenceRecord } from './types.js';
import { validateRecord } from './validate.js';

export type ProblemKind = 'json' | 'not-a-record' | 'newer-schema' | 'digest' | 'schema' | 'canonical' | 'chain' | 'blank-line';

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
  problem?: LedgerProblem;
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

export function verifyLedger(text: string): VerifyResult {
  const lines = text.split('\n');
  // One trailing newline is the normal ending; a file that does not end in one may have been cut.
  const endsClean = text.endsWith('\n');
  if (endsClean) lines.pop();
  if (text === '') return { ok: true, records: [], head: null };
  // First pass: the digest each line claims, to recognise reordering and removals.
  const claimed = lines.map((l) => {
    const m = /"digest":"(sha256:[0-9a-f]{64})"/.exec(l);
    return m ? m[1] : undefined;
  });
  const records: EvidenceRecord[] = [];
  let prev: string | null = null;
  const fail = (line: number, kind: ProblemKind, reason: string): VerifyResult => ({ ok: false, records, head: prev, problem: { line, kind, reason } });
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
    records.push(r);
    prev = r.digest;
  }
  return { ok: true, records, head: prev };
}

/** Read and verify a ledger file; a missing file is an empty ledger. */
export function readLedger(path: string): VerifyResult {
  if (!existsSync(path)) return { ok: true, records: [], head: null };
  return verifyLedger(readFileSync(path, 'utf8'));
}

/** Chain a record onto a ledger's text: returns the sealed record and the new text. Refuses a broken ledger. */
export function appendToLedgerText(text: string, rec: Omit<EvidenceRecord, 'digest'> | EvidenceRecord): { record: EvidenceRecord; text: string } {
  const v = verifyLedger(text);
  if (!v.ok) throw new LedgerError(`the ledger is not valid, not appending: ${formatProblem(v.problem!)}`, v.problem);
  const record = seal(rec, v.head);
  const base = text === '' || text.endsWith('\n') ? text : text + '\n';
  return { record, text: base + ledgerLine(record) + '\n' };
}

export function appendToLedgerFile(path: string, rec: Omit<EvidenceRecord, 'digest'> | EvidenceRecord): EvidenceRecord {
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const { record, text: next } = appendToLedgerText(text, rec);
  writeFileSafe(path, next);
  return record;
}
