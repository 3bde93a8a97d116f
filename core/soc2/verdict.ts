// The verdict vocabulary, in one place: what a scan says about each SOC 2 criterion, how that is
// decided from what was evaluated, and the words every face (text, JSON, markdown, SARIF, the Action,
// the extension) shows. A verdict is a state, not a count comparison: silence is a pass only when
// something applicable was actually evaluated and nothing was left undecided.
import { compareCriteria } from './criteria.js';
import { WORKLOAD_KINDS } from '../kubernetes/model.js';
import type { Rule } from '../rule.js';
import type { Finding, InputKind, ScanResult } from '../types.js';

export const VERDICTS = ['fail', 'incomplete', 'pass', 'not-evaluated'] as const;
export type Verdict = (typeof VERDICTS)[number];

export const VERDICT_LABEL: Record<Verdict, string> = { fail: 'fail', incomplete: 'incomplete', pass: 'pass', 'not-evaluated': 'not evaluated' };
export const VERDICT_ICON: Record<Verdict, string> = { fail: '❌', incomplete: '⚠️', pass: '✅', 'not-evaluated': '➖' };
/** One sentence per state (README, legends, hovers). */
export const VERDICT_MEANING: Record<Verdict, string> = {
  fail: 'an unsuppressed finding',
  incomplete: 'nothing failed, but a check was indeterminate or an unresolved module call may hold applicable resources',
  pass: 'at least one applicable resource was evaluated by a rule of the criterion and nothing failed',
  'not-evaluated': 'no resource in the scan is one the criterion’s rules apply to',
};

/** What a verdict is decided from, per criterion. */
export interface CriterionCounts {
  /** Applicable resources (Terraform resources, Kubernetes objects, workflows) checked by at least one rule of the criterion. */
  resources: number;
  /** Unsuppressed findings. */
  failed: number;
  /** Findings that do not gate (`findings[].suppressed`): suppressed by a person, or compensated. */
  suppressed: number;
  /**
   * Of `suppressed`, the findings satisfied by a compensating control (core/compensate.ts): a different
   * verdict from a check someone switched off, so every table shows them apart (`suppressedOnly`).
   */
  compensated: number;
  indeterminate: number;
  /** Module calls that could not be read and may hold resources the criterion's rules apply to. */
  unresolvedModules: number;
}

export interface CriterionSummary extends CriterionCounts {
  verdict: Verdict;
  /** Enabled rules of the criterion that ran on this scan's input kinds. */
  rules: number;
}

export function verdictOf(c: CriterionCounts): Verdict {
  if (c.failed > 0) return 'fail';
  if (c.indeterminate > 0 || c.unresolvedModules > 0) return 'incomplete';
  return c.resources > 0 ? 'pass' : 'not-evaluated';
}

/**
 * Findings suppressed by a person (inline, configuration, baseline): `suppressed` without the compensated
 * ones it also counts. What a "Suppressed" column shows; `compensated` is a column of its own. A result
 * written before `compensated` existed has none counted apart.
 */
export const suppressedOnly = (c: { suppressed: number; compensated?: number }) => c.suppressed - (c.compensated ?? 0);

/** The criteria of a summary in TSC order. */
export function criteriaEntries(byControl: Record<string, CriterionSummary>): [string, CriterionSummary][] {
  return Object.entries(byControl).sort(([a], [b]) => compareCriteria(a, b));
}

/** Sum two summaries of the same criterion (e.g. several workspace folders) and decide again. */
export function mergeCriterion(a: CriterionSummary | undefined, b: CriterionSummary): CriterionSummary {
  if (!a) return { ...b };
  const c: CriterionCounts = {
    resources: a.resources + b.resources,
    failed: a.failed + b.failed,
    suppressed: a.suppressed + b.suppressed,
    compensated: a.compensated + b.compensated,
    indeterminate: a.indeterminate + b.indeterminate,
    unresolvedModules: a.unresolvedModules + b.unresolvedModules,
  };
  return { ...c, rules: Math.max(a.rules, b.rules), verdict: verdictOf(c) };
}

/** A criterion's summary with one more finding counted (findings made outside the engine: change rules). */
export function addFinding(s: CriterionSummary | undefined, f: Pick<Finding, 'suppressed' | 'compensated'>): CriterionSummary {
  const c = { rules: 0, resources: 0, failed: 0, suppressed: 0, compensated: 0, indeterminate: 0, unresolvedModules: 0, ...s };
  countFinding(c, f);
  return { ...c, verdict: verdictOf(c) };
}

/** Count one finding in a criterion's counts: failed, or suppressed (and compensated when a control satisfies it). */
export function countFinding(c: Pick<CriterionCounts, 'failed' | 'suppressed' | 'compensated'>, f: Pick<Finding, 'suppressed' | 'compensated'>): void {
  if (!f.suppressed) c.failed++;
  else {
    c.suppressed++;
    if (f.compensated) c.compensated++;
  }
}

/** The criteria a strict gate (`--fail-on-incomplete`) stops on: incomplete verdicts, plus whether any module call was unresolved. */
export function incompleteness(r: ScanResult): { criteria: string[]; unresolvedModules: number; nothingScanned: boolean } {
  return {
    criteria: Object.entries(r.summary.byControl)
      .filter(([, v]) => v.verdict === 'incomplete')
      .map(([k]) => k),
    unresolvedModules: r.unresolvedModules?.length ?? 0,
    nothingScanned: r.summary.filesScanned === 0,
  };
}

/** One sentence saying why a strict gate fails, or undefined when nothing is incomplete. */
export function incompleteText(i: ReturnType<typeof incompleteness>): string | undefined {
  const parts: string[] = [];
  if (i.criteria.length) parts.push(`${i.criteria.length} SOC 2 criteri${i.criteria.length === 1 ? 'on is' : 'a are'} incomplete (${i.criteria.join(', ')})`);
  if (i.unresolvedModules) parts.push(`${i.unresolvedModules} module call${i.unresolvedModules === 1 ? ' was' : 's were'} not evaluated`);
  if (i.nothingScanned) parts.push('no files were scanned');
  return parts.length ? parts.join('; ') : undefined;
}

// ---- Applicability: which resources a rule evaluates ----------------------------------------------
// Derived from rule metadata, so rules need no bookkeeping: a Terraform rule applies to the resources
// (and data sources) of its `resourceTypes`; a Kubernetes rule to its `objectKinds` (default: the
// workload kinds); a workflow rule to every workflow or action file it runs on.

export interface Applicability {
  /** Terraform type -> criteria whose rules inspect it. */
  terraform: Map<string, string[]>;
  /** Kubernetes kind -> criteria. */
  kubernetes: Map<string, string[]>;
  /** Criteria of workflow rules. */
  workflow: string[];
  /** Criteria per input kind (every enabled rule), for unresolved modules and rule counts. */
  byKind: Record<InputKind, Set<string>>;
}

export function applicability(rules: readonly Rule[], disabled: ReadonlySet<string>): Applicability {
  const add = (m: Map<string, Set<string>>, k: string, cs: string[]) => {
    const s = m.get(k) ?? new Set<string>();
    for (const c of cs) s.add(c);
    m.set(k, s);
  };
  const tf = new Map<string, Set<string>>();
  const k8s = new Map<string, Set<string>>();
  const wf = new Set<string>();
  const byKind: Applicability['byKind'] = { terraform: new Set(), kubernetes: new Set(), workflow: new Set() };
  for (const r of rules) {
    // Change rules judge a diff of two commits (the Action), not resources of the scanned tree.
    if (disabled.has(r.id) || !(r.kind in byKind)) continue;
    for (const c of r.controls) byKind[r.kind as InputKind].add(c);
    if (r.kind === 'terraform') for (const t of r.resourceTypes ?? []) add(tf, t, r.controls);
    else if (r.kind === 'kubernetes') for (const k of r.objectKinds ?? WORKLOAD_KINDS) add(k8s, k, r.controls);
    else for (const c of r.controls) wf.add(c);
  }
  const flat = (m: Map<string, Set<string>>) => new Map([...m].map(([k, s]) => [k, [...s]]));
  return { terraform: flat(tf), kubernetes: flat(k8s), workflow: [...wf], byKind };
}
