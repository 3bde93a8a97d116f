// Canonical JSON and SHA-256 digests: what reports and evidence use to pin the exact rule set and
// SOC 2 mapping a result was produced with. Canonical = keys sorted at every level, no whitespace,
// undefined members dropped (like JSON.stringify), so equal data always has the same digest.
import { createHash } from 'node:crypto';
import type { RuleMeta } from './types.js';

export function canonicalJson(v: unknown): string {
  return JSON.stringify(sortKeys(v, 0));
}

function sortKeys(v: unknown, depth: number): unknown {
  if (depth > 200) throw new Error('canonicalJson: value nested too deeply');
  if (Array.isArray(v)) return v.map((x) => (x === undefined ? null : sortKeys(x, depth + 1)));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined && typeof x !== 'function') out[k] = sortKeys(x, depth + 1);
    }
    return out;
  }
  return v;
}

/** `sha256:<hex>` of a string (UTF-8) or bytes. */
export function sha256(data: string | Uint8Array): string {
  return 'sha256:' + createHash('sha256').update(data).digest('hex');
}

/** Digest of a value's canonical JSON. */
export const digestOf = (v: unknown): string => sha256(canonicalJson(v));

/**
 * Digest of a rule set: canonical JSON of every rule's metadata (the check function excluded),
 * ordered by id. Changes whenever a rule is added, removed or its metadata changes.
 */
export function rulesetDigest(rules: readonly RuleMeta[]): string {
  const metas = rules.map((r) => {
    const { check: _c, ...m } = r as RuleMeta & { check?: unknown };
    void _c;
    return m;
  });
  metas.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return digestOf(metas);
}
