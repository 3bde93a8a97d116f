// A peer id in `aliases` is a claim (and a peer's skip comment for it suppresses our rule): each one
// has a recorded source, ids have their peer's shape, and made-up ids cannot slip in.
import { describe, expect, it } from 'vitest';
import { ALIAS_SOURCES } from '../rules/_lib/alias-sources.js';
import { ALL_RULES } from '../rules/index.js';

const SHAPE: Record<string, RegExp> = {
  checkov: /^CKV2?_[A-Z0-9]+_\d+$/,
  trivy: /^(AVD-[A-Z]{3}-\d{4,5}|KSV-?\d{3,5})$/,
  kics: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  'kube-linter': /^[a-z]+(-[a-z0-9]+)+$/,
  zizmor: /^[a-z]+(-[a-z]+)*$/,
  prowler: /^[a-z]+(_[a-z0-9]+)+$/,
  kubescape: /^C-\d{4}$/,
};

/**
 * Share of hex digits that count up by one from their neighbour or from the digit two places back
 * ("a1b2c3d4-e5f6-..."): a typed id, not a generated one. Real KICS ids stay under 0.3; the made-up
 * ids once found in the rules scored 0.43 to 0.83.
 */
function countingShare(uuid: string): number {
  const h = uuid.replace(/-/g, '');
  const up = (a: string, b: string) => (parseInt(a, 16) + 1) % 16 === parseInt(b, 16) || (/\d/.test(a) && /\d/.test(b) && (+a + 1) % 10 === +b);
  let s1 = 0;
  let s2 = 0;
  for (let i = 1; i < h.length; i++) if (up(h[i - 1], h[i])) s1++;
  for (let i = 2; i < h.length; i++) if (up(h[i - 2], h[i])) s2++;
  return Math.max(s1 / (h.length - 1), s2 / (h.length - 2));
}

describe('rule aliases', () => {
  const used = new Map<string, string[]>();
  for (const r of ALL_RULES) for (const a of r.aliases ?? []) used.set(a, [...(used.get(a) ?? []), r.id]);

  it('every alias has a recorded source, and every record is used', () => {
    const missing = [...used.keys()].filter((a) => !ALIAS_SOURCES[a]).map((a) => `${a} (${used.get(a)!.join(', ')})`);
    expect(missing, 'add them to rules/_lib/alias-sources.json after checking the peer, or remove them').toEqual([]);
    expect(Object.keys(ALIAS_SOURCES).filter((a) => !used.has(a))).toEqual([]);
  });

  it('ids have their peer’s shape, and a verified record says where and what', () => {
    for (const [a, s] of Object.entries(ALIAS_SOURCES)) {
      expect(SHAPE[s.peer], `${a}: unknown peer ${s.peer}`).toBeDefined();
      expect(a, `${a} is not a ${s.peer} id`).toMatch(SHAPE[s.peer]);
      expect(s.source.trim().length).toBeGreaterThan(10);
      if (s.verified !== null) {
        expect(s.verified).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(s.peerTitle?.trim().length ?? 0).toBeGreaterThan(3);
      }
    }
  });

  it('every record is verified, and says where it was read', () => {
    // Every peer id was checked in the peer's own catalogue in 2026-12 (issue 14 §7): a new one is
    // checked before it is added (or left out), not recorded as unverified for later.
    const unverified = Object.entries(ALIAS_SOURCES).filter(([, s]) => s.verified === null).map(([a, s]) => `${a} (${s.peer})`);
    expect(unverified, 'check them in the peer catalogue (record source, peerTitle, date) or remove them').toEqual([]);
    // Peers whose catalogue is a repository: the record names the file it was read in.
    const inRepo = new Set(['checkov', 'kube-linter', 'prowler', 'kubescape']);
    const unsourced = Object.entries(ALIAS_SOURCES).filter(([, s]) => inRepo.has(s.peer) && !/^[\w.-]+\/[\w.-]+:\S/.test(s.source)).map(([a, s]) => `${a}: ${s.source}`);
    expect(unsourced, 'source is owner/repo:path').toEqual([]);
  });

  it('no KICS id looks typed rather than generated', () => {
    const suspicious = Object.entries(ALIAS_SOURCES).filter(([a, s]) => s.peer === 'kics' && countingShare(a) > 0.35).map(([a]) => a);
    expect(suspicious).toEqual([]);
    // The guard itself: the made-up ids removed in 2026-12 fail it, real ones pass.
    for (const fake of ['d3a8b4c1-f2e7-4a9b-8c5d-1e6f0a2b3c4d', 'f1a2b3c4-d5e6-4f7a-8b9c-0d1e2f3a4b5c']) expect(countingShare(fake)).toBeGreaterThan(0.35);
    expect(countingShare('20f14e1a-a899-4e79-9f09-b6a84cd4649b')).toBeLessThan(0.35);
  });
});
