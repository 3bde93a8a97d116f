// Audit-window governance: `.trustgate.yml` may pin the ruleset for a SOC 2 observation window,
//   audit: { window: { from: 2026-01-01, to: 2026-06-30 }, ruleset: 0.1.0 }   (or ruleset: sha256:…)
// so findings do not drift when Trustgate gains rules mid-window. Rules introduced after the pinned
// version run in shadow mode: reported, labelled "new rule", never failing the gate. Which rules a
// version had is each rule's own `introducedIn`; a digest pin (the `scanner.rulesetDigest` of a
// ledger record) is resolved to its version through rulesets.json, the manifest `npm run docs`
// keeps: one entry per released version, the current one rewritten, older ones never touched.
import manifest from '../rulesets.json' with { type: 'json' };
import { rulesetDigest } from './digest.js';
import type { Finding, RuleMeta } from './types.js';
import { VERSION } from './version.js';

export interface AuditPin {
  window?: { from: string; to: string };
  /** As written: a version ("0.1.0") or a ruleset digest ("sha256:…"). */
  ruleset?: string;
}

/** rulesets.json: version -> the ruleset digest of that version's rules. */
export type RulesetManifest = Record<string, string>;
export const RULESETS: RulesetManifest = manifest as RulesetManifest;
export const RULESETS_FILE = 'rulesets.json';

const VERSION_RE = /^\d+\.\d+\.\d+$/;
const DIGEST_RE = /^sha256:[0-9a-f]{64}$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Compare two x.y.z versions: negative, 0, positive. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/** The version a pin names: itself, or the version whose ruleset has that digest; undefined when unknown. */
export function pinnedVersion(ruleset: string, manifest: RulesetManifest = RULESETS): string | undefined {
  if (VERSION_RE.test(ruleset)) return ruleset;
  return Object.entries(manifest).find(([, d]) => d === ruleset)?.[0];
}

/** Validate `audit:` from .trustgate.yml; `fail` builds the ConfigError. */
export function parseAudit(v: unknown, fail: (msg: string) => Error, manifest: RulesetManifest = RULESETS): AuditPin {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw fail('audit must be a mapping (window, ruleset)');
  const a = v as Record<string, unknown>;
  for (const k of Object.keys(a)) if (k !== 'window' && k !== 'ruleset') throw fail(`unknown key "audit.${k}" (expected window, ruleset)`);
  const out: AuditPin = {};
  if (a.window !== undefined) {
    const w = a.window as Record<string, unknown>;
    if (!w || typeof w !== 'object' || Array.isArray(w)) throw fail('audit.window must be a mapping with from and to');
    for (const k of Object.keys(w)) if (k !== 'from' && k !== 'to') throw fail(`unknown key "audit.window.${k}" (expected from, to)`);
    for (const k of ['from', 'to'] as const) {
      const d = w[k];
      if (typeof d !== 'string' || !DATE_RE.test(d) || Number.isNaN(Date.parse(`${d}T00:00:00Z`))) throw fail(`audit.window.${k} must be a date (YYYY-MM-DD)${typeof d === 'string' ? `, not "${d}"` : ''}`);
    }
    if ((w.from as string) > (w.to as string)) throw fail(`audit.window.from ${w.from} is after audit.window.to ${w.to}`);
    out.window = { from: w.from as string, to: w.to as string };
  }
  if (a.ruleset !== undefined) {
    const r = typeof a.ruleset === 'number' ? String(a.ruleset) : a.ruleset;
    if (typeof r !== 'string' || (!VERSION_RE.test(r) && !DIGEST_RE.test(r))) throw fail(`audit.ruleset must be a Trustgate version (e.g. 0.1.0) or a ruleset digest (sha256: and 64 hex digits), not ${JSON.stringify(a.ruleset)}`);
    if (DIGEST_RE.test(r) && !pinnedVersion(r, manifest))
      throw fail(`audit.ruleset ${r.slice(0, 19)}… is not the ruleset of a known Trustgate version (${Object.entries(manifest).map(([ver, d]) => `${ver}: ${d.slice(0, 19)}…`).join(', ') || 'none'}); pin a version instead`);
    out.ruleset = r;
  }
  return out;
}

/** Is the pin in force on `today` (YYYY-MM-DD)? Until the window's end; a pin without a window always is. */
export function pinInForce(pin: AuditPin | undefined, today: string): boolean {
  return !!pin?.ruleset && (!pin.window || today <= pin.window.to);
}

/** Rules the pinned version did not have (introduced later): their findings run in shadow mode. */
export function newRuleIds(pin: AuditPin | undefined, rules: readonly Pick<RuleMeta, 'id' | 'introducedIn'>[], today: string, manifest: RulesetManifest = RULESETS): Set<string> {
  if (!pinInForce(pin, today)) return new Set();
  const version = pinnedVersion(pin!.ruleset!, manifest);
  if (!version) return new Set();
  return new Set(rules.filter((r) => compareVersions(r.introducedIn, version) > 0).map((r) => r.id));
}

/** Mark the findings of rules newer than the pin: reported, labelled "new rule", never gating. */
export function markNewRules(findings: Finding[], ids: Set<string>): void {
  if (!ids.size) return;
  for (const f of findings) if (ids.has(f.ruleId)) f.newRule = true;
}

/** rulesets.json with this version's entry set to the digest of `metas` (older versions kept as they are). */
export function renderRulesets(metas: readonly RuleMeta[], manifest: RulesetManifest = RULESETS): string {
  const all = { ...manifest, [VERSION]: rulesetDigest(metas) };
  return JSON.stringify(Object.fromEntries(Object.entries(all).sort(([a], [b]) => compareVersions(a, b))), null, 2) + '\n';
}
