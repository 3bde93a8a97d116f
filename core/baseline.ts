// Baselines: the findings accepted when a team adopts Trustgate on an existing repository, written
// once (`trustgate baseline create`), reviewed like code (sorted JSON, one entry per finding, each with
// a reason to fill in), then given to `trustgate scan --baseline FILE` so that only findings not in it
// are reported. Findings are matched by fingerprint (core/fingerprint.ts: rule, file, message), so
// moving code does not make an old finding new; paths are relative to the baseline file's folder.
import { readFileSync } from 'node:fs';
import { dirname, relative, sep } from 'node:path';
import { FingerprintBag, findingFingerprint } from './fingerprint.js';
import { countFinding, verdictOf } from './soc2/verdict.js';
import { SEVERITIES, type Finding, type ScanResult, type Severity } from './types.js';

export interface BaselineEntry {
  rule: string;
  file: string;
  /** The Terraform block the finding is in (`aws_s3_bucket.logs`, `module.eks`), or null. */
  resource: string | null;
  fingerprint: string;
  message: string;
  /** Why the finding is accepted for now; filled in by the reviewer. */
  reason: string;
}

export interface Baseline {
  baseline: 'trustgate';
  version: 1;
  findings: BaselineEntry[];
}

export class BaselineError extends Error {}

const posixRel = (from: string, file: string) => relative(from, file).split(sep).join('/');

/** The enclosing top-level Terraform block of a line, from the source text. */
function terraformBlockAt(lines: string[], line: number): string | null {
  for (let i = Math.min(line, lines.length) - 1; i >= 0; i--) {
    const m = /^(resource|data|module)\s+"([^"]+)"(?:\s+"([^"]+)")?/.exec(lines[i]);
    if (m) return m[1] === 'resource' ? `${m[2]}.${m[3]}` : m[1] === 'data' ? `data.${m[2]}.${m[3]}` : `module.${m[2]}`;
    if (/^\}/.test(lines[i]) && i < line - 1) return null;
  }
  return null;
}

/** The baseline of a scan's unsuppressed findings, sorted by file, rule, resource and fingerprint. */
export function createBaseline(result: ScanResult, baselineDir: string): Baseline {
  const sources = new Map<string, string[]>();
  const linesOf = (file: string) => {
    if (!sources.has(file)) {
      let text = '';
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        // The finding stays in the baseline without a resource.
      }
      sources.set(file, text.split(/\r?\n/));
    }
    return sources.get(file)!;
  };
  const findings = result.findings
    .filter((f) => !f.suppressed)
    .map((f): BaselineEntry => {
      const file = posixRel(baselineDir, f.location.file);
      const resource = /\.(tf|tofu)$/.test(file) ? terraformBlockAt(linesOf(f.location.file), f.location.startLine) : null;
      return { rule: f.ruleId, file, resource, fingerprint: findingFingerprint(f.ruleId, file, f.message), message: f.message, reason: '' };
    });
  const cmp = (a: string | null, b: string | null) => ((a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0);
  findings.sort((a, b) => cmp(a.file, b.file) || cmp(a.rule, b.rule) || cmp(a.resource, b.resource) || cmp(a.fingerprint, b.fingerprint));
  return { baseline: 'trustgate', version: 1, findings };
}

export function baselineJson(b: Baseline): string {
  return JSON.stringify(b, null, 2) + '\n';
}

export function parseBaseline(text: string, file: string): Baseline {
  let j: unknown;
  try {
    j = JSON.parse(text);
  } catch (e) {
    throw new BaselineError(`${file} is not JSON: ${(e as Error).message}`);
  }
  const b = j as Partial<Baseline>;
  if (!b || typeof b !== 'object' || b.baseline !== 'trustgate' || b.version !== 1 || !Array.isArray(b.findings))
    throw new BaselineError(`${file} is not a Trustgate baseline (version 1): write one with \`trustgate baseline create\``);
  b.findings.forEach((e, i) => {
    for (const k of ['rule', 'file', 'fingerprint'] as const) if (typeof e?.[k] !== 'string' || !e[k]) throw new BaselineError(`${file}: findings[${i}].${k} must be a non-empty string`);
    if (e.reason !== undefined && typeof e.reason !== 'string') throw new BaselineError(`${file}: findings[${i}].reason must be a string`);
  });
  return b as Baseline;
}

export interface BaselineApplied {
  result: ScanResult;
  /** Findings the baseline covered. */
  matched: number;
  /** Entries that matched no finding (fixed, or changed so that they are new findings). */
  stale: number;
  /** Entries whose reason is empty. */
  unexplained: number;
}

/**
 * Marks the unsuppressed findings the baseline lists as suppressed (source `baseline`, its reason) and
 * recounts the summary: what the baseline covers no longer fails the gate or a criterion, and stays
 * visible as suppressed in JSON and SARIF.
 */
export function applyBaseline(result: ScanResult, b: Baseline, baselineFile: string): BaselineApplied {
  const dir = dirname(baselineFile);
  const bag = new FingerprintBag(b.findings.map((e) => e.fingerprint));
  const reasons = new Map(b.findings.map((e) => [e.fingerprint, e.reason ?? '']));
  let matched = 0;
  const findings = result.findings.map((f): Finding => {
    if (f.suppressed) return f;
    const fp = findingFingerprint(f.ruleId, posixRel(dir, f.location.file), f.message);
    if (!bag.take(fp)) return f;
    matched++;
    return { ...f, suppressed: true, suppression: { source: 'baseline', reason: reasons.get(fp) || 'in the baseline (no reason given)' } };
  });
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) if (!f.suppressed) bySeverity[f.severity]++;
  const byControl = Object.fromEntries(Object.entries(result.summary.byControl).map(([c, v]) => [c, { ...v, failed: 0, suppressed: 0, compensated: 0 }]));
  for (const f of findings) for (const c of f.controls) if (byControl[c]) countFinding(byControl[c], f);
  for (const v of Object.values(byControl)) v.verdict = verdictOf(v);
  const summary = { ...result.summary, findings: findings.filter((f) => !f.suppressed).length, suppressed: findings.filter((f) => f.suppressed).length, bySeverity, byControl };
  return { result: { ...result, findings, summary }, matched, stale: bag.left, unexplained: b.findings.filter((e) => !e.reason?.trim()).length };
}
