// Canonical JSON (sorted keys, no whitespace, JSON string escapes) and sha256 digests. Records only
// hold strings, integers, booleans, null, arrays and objects, so this matches RFC 8785 for them.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export function canonicalJson(v: unknown): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(v)) throw new TypeError(`canonical JSON cannot hold ${v}`);
      return JSON.stringify(v);
    case 'object': {
      if (Array.isArray(v)) return '[' + v.map((x) => (x === undefined ? 'null' : canonicalJson(x))).join(',') + ']';
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o)
        .filter((k) => o[k] !== undefined)
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      return '{' + keys.map((k) => JSON.stringify(k) + ':' + canonicalJson(o[k])).join(',') + '}';
    }
    default:
      throw new TypeError(`canonical JSON cannot hold a ${typeof v}`);
  }
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** "sha256:" + hex, the form every digest in a record takes. */
export function sha256(data: string | Uint8Array): string {
  return 'sha256:' + sha256Hex(data);
}

/**
 * Signature of a record: HMAC-SHA256 with the ledger's key over the canonical JSON of the record
 * without `digest` and `signature`. Whoever rewrites the ledger without the key cannot re-sign it.
 */
export function recordSignature(record: object, key: string): string {
  const { digest: _d, signature: _s, ...rest } = record as Record<string, unknown>;
  void _d;
  void _s;
  return 'hmac-sha256:' + createHmac('sha256', key).update(canonicalJson(rest)).digest('hex');
}

/** Constant-time comparison of a record's `signature` with the one the key gives. */
export function signatureValid(record: object, key: string): boolean {
  const got = (record as { signature?: unknown }).signature;
  if (typeof got !== 'string') return false;
  const want = Buffer.from(recordSignature(record, key));
  const have = Buffer.from(got);
  return have.length === want.length && timingSafeEqual(have, want);
}

/** Digest of a record: sha256 of the canonical JSON of the record without its `digest` field. */
export function recordDigest(record: object): string {
  const { digest: _d, ...rest } = record as Record<string, unknown>;
  void _d;
  return sha256(canonicalJson(rest));
}
