// Version constraints as Terraform resolves them for registry modules: comma-separated
// `=`, `!=`, `>`, `>=`, `<`, `<=`, `~>`; the newest version that satisfies all of them wins;
// a prerelease is chosen only when a constraint names it exactly.
export interface Version {
  nums: [number, number, number];
  pre: string;
  text: string;
}

const VERSION_RE = /^v?(\d{1,9})(?:\.(\d{1,9}))?(?:\.(\d{1,9}))?(?:-([0-9A-Za-z.-]{1,64}))?(?:\+[0-9A-Za-z.-]{1,64})?$/;

export function parseVersion(s: string): Version | undefined {
  const m = VERSION_RE.exec(s.trim());
  if (!m) return undefined;
  return { nums: [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)], pre: m[4] ?? '', text: s.trim() };
}

export function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a.nums[i] !== b.nums[i]) return a.nums[i] - b.nums[i];
  if (a.pre === b.pre) return 0;
  if (!a.pre) return 1;
  if (!b.pre) return -1;
  const pa = a.pre.split('.');
  const pb = b.pre.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    if (pa[i] === undefined) return -1;
    if (pb[i] === undefined) return 1;
    const na = /^\d+$/.test(pa[i]) ? Number(pa[i]) : NaN;
    const nb = /^\d+$/.test(pb[i]) ? Number(pb[i]) : NaN;
    if (!Number.isNaN(na) && !Number.isNaN(nb)) {
      if (na !== nb) return na - nb;
    } else if (pa[i] !== pb[i]) return pa[i] < pb[i] ? -1 : 1;
  }
  return 0;
}

interface Constraint {
  op: '=' | '!=' | '>' | '>=' | '<' | '<=' | '~>';
  v: Version;
  /** How many parts were written (`~> 1.2` pins the major, `~> 1.2.3` the minor). */
  parts: number;
}

export type Constraints = { ok: true; list: Constraint[] } | { ok: false; reason: string };

export function parseConstraints(s: string): Constraints {
  const list: Constraint[] = [];
  if (!s.trim()) return { ok: true, list };
  for (const raw of s.split(',')) {
    const m = /^\s*(=|!=|>=|<=|>|<|~>)?\s*(\S+)\s*$/.exec(raw);
    const v = m && parseVersion(m[2]);
    if (!m || !v) return { ok: false, reason: `"${raw.trim()}" is not a version constraint` };
    list.push({ op: (m[1] ?? '=') as Constraint['op'], v, parts: m[2].replace(/^v/, '').split(/[-+]/)[0].split('.').length });
  }
  return { ok: true, list };
}

function satisfies(v: Version, c: Constraint): boolean {
  const cmp = compareVersions(v, c.v);
  switch (c.op) {
    case '=':
      return cmp === 0;
    case '!=':
      return cmp !== 0;
    case '>':
      return cmp > 0;
    case '>=':
      return cmp >= 0;
    case '<':
      return cmp < 0;
    case '<=':
      return cmp <= 0;
    case '~>': {
      if (cmp < 0) return false;
      // ~> 1.2.3 means >= 1.2.3, < 1.3.0; ~> 1.2 means >= 1.2, < 2.0; ~> 1 means >= 1, < 2.
      const fixed = Math.max(1, c.parts - 1);
      for (let i = 0; i < fixed; i++) if (v.nums[i] !== c.v.nums[i]) return false;
      return true;
    }
  }
}

/** The newest of `available` that meets every constraint; undefined when none does. */
export function newestMatching(available: string[], constraints: Constraints & { ok: true }): Version | undefined {
  const exactPre = new Set(constraints.list.filter((c) => c.op === '=' && c.v.pre).map((c) => c.v.text.replace(/^v/, '')));
  let best: Version | undefined;
  for (const s of available) {
    const v = parseVersion(s);
    if (!v) continue;
    if (v.pre && !exactPre.has(s.replace(/^v/, ''))) continue;
    if (!constraints.list.every((c) => satisfies(v, c))) continue;
    if (!best || compareVersions(v, best) > 0) best = v;
  }
  return best;
}
