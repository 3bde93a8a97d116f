// What the editor's views show about a workspace scan, free of the vscode API (tested by vitest): the
// counts said when a scan ends (notification, status bar) and the findings grouped for the findings tree.
import { relative, sep } from 'node:path';
import { compareCriteria, CRITERIA } from '../../core/soc2/criteria.js';
import { SEVERITIES, type Finding, type ScanError, type ScanResult, type Severity } from '../../core/types.js';

/** Error entries a person must act on (a notice is information, a suppression problem is a warning). */
const ERROR_KINDS: ReadonlySet<ScanError['kind']> = new Set(['parse', 'read', 'limit', 'internal']);

export interface ScanCounts {
  files: number;
  /** Unsuppressed findings, by severity. */
  findings: number;
  bySeverity: Record<Severity, number>;
  suppressed: number;
  /** Files that could not be read or parsed, limits hit, internal failures. */
  errors: number;
  /** Invalid suppressions (reported, not honoured). */
  invalidSuppressions: number;
}

export function scanCounts(r: ScanResult): ScanCounts {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  let suppressed = 0;
  for (const f of r.findings) {
    if (f.suppressed) suppressed++;
    else bySeverity[f.severity]++;
  }
  return {
    files: r.summary.filesScanned,
    findings: SEVERITIES.reduce((n, s) => n + bySeverity[s], 0),
    bySeverity,
    suppressed,
    errors: r.errors.filter((e) => ERROR_KINDS.has(e.kind)).length,
    invalidSuppressions: r.errors.filter((e) => e.kind === 'suppression').length,
  };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "14 files scanned: 19 findings (2 critical, 5 high, 8 medium, 4 low), 3 suppressed, 1 error" */
export function describeCounts(c: ScanCounts): string {
  const sev = SEVERITIES.filter((s) => c.bySeverity[s]).map((s) => `${c.bySeverity[s]} ${s}`);
  const parts = [`${plural(c.findings, 'finding')}${sev.length ? ` (${sev.join(', ')})` : ''}`];
  if (c.suppressed) parts.push(`${c.suppressed} suppressed`);
  if (c.invalidSuppressions) parts.push(plural(c.invalidSuppressions, 'invalid suppression'));
  parts.push(plural(c.errors, 'error'));
  return `${plural(c.files, 'file')} scanned: ${parts.join(', ')}`;
}

// ---- The findings tree's groups --------------------------------------------------------------------

export const GROUP_BY = ['criterion', 'file', 'severity'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

export interface FindingGroup {
  /** Stable id within a grouping: the criterion id, the file path or the severity. */
  key: string;
  label: string;
  /** What the group holds, e.g. "3 findings · fail". */
  description: string;
  findings: Finding[];
}

const byPosition = (a: Finding, b: Finding) =>
  a.location.file.localeCompare(b.location.file) || a.location.startLine - b.location.startLine || a.location.startColumn - b.location.startColumn || a.ruleId.localeCompare(b.ruleId);
const bySeverity = (a: Finding, b: Finding) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || byPosition(a, b);

/** Path shown for a file: relative to the workspace folder that holds it, with forward slashes. */
export function displayPath(file: string, roots: readonly string[]): string {
  for (const r of roots) {
    const rel = relative(r, file);
    if (rel && !rel.startsWith('..')) return rel.split(sep).join('/');
  }
  return file;
}

/**
 * Unsuppressed findings in groups, most important first: criteria in TSC order (a finding appears under
 * each criterion it fails), files by path, severities from critical down.
 */
export function groupFindings(r: ScanResult, by: GroupBy, roots: readonly string[] = r.roots): FindingGroup[] {
  const open = r.findings.filter((f) => !f.suppressed);
  const groups = new Map<string, Finding[]>();
  const add = (k: string, f: Finding) => groups.set(k, [...(groups.get(k) ?? []), f]);
  for (const f of open) {
    if (by === 'criterion') for (const c of f.controls) add(c, f);
    else if (by === 'file') add(f.location.file, f);
    else add(f.severity, f);
  }
  const keys = [...groups.keys()];
  const n = (k: string) => plural(groups.get(k)!.length, 'finding');
  if (by === 'criterion')
    return keys.sort(compareCriteria).map((k) => ({ key: k, label: k, description: `${n(k)}${CRITERIA[k] ? ` · ${CRITERIA[k].summary}` : ''}`, findings: groups.get(k)!.sort(bySeverity) }));
  if (by === 'file')
    return keys
      .map((k) => ({ key: k, label: displayPath(k, roots), description: n(k), findings: groups.get(k)!.sort(byPosition) }))
      .sort((a, b) => a.label.localeCompare(b.label));
  return SEVERITIES.filter((s) => groups.has(s)).map((s) => ({ key: s, label: s, description: n(s), findings: groups.get(s)!.sort(byPosition) }));
}

/** The finding's one-line label in a tree: what is wrong, then where. */
export function findingLabel(f: Finding): string {
  return f.message;
}

export function findingDetail(f: Finding, roots: readonly string[]): string {
  return `${f.ruleId} · ${f.severity} · ${displayPath(f.location.file, roots)}:${f.location.startLine}`;
}
