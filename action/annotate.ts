// Annotations as workflow commands (::error file=...,line=...::message) through @actions/core, which
// escapes the data (%, CR, LF) and the properties (also ':' and ','). GitHub shows at most 10 error,
// 10 warning and 10 notice annotations per step and 50 per job and drops the rest silently, so the
// most severe go first and the summary says how many more there are.
import * as core from '@actions/core';
import { SEVERITIES, type Severity } from '../core/types.js';
import { SEVERITY_LABEL } from '../core/report/severity.js';
import type { Classified } from './classify.js';
import { exceptionText, type NewException } from './exceptions.js';
import { relPath } from '../core/report/paths.js';

export type Level = 'error' | 'warning' | 'notice';
export const LEVEL: Record<Severity, Level> = { critical: 'error', high: 'error', medium: 'warning', low: 'notice' };
/** GitHub's display limits. */
export const PER_LEVEL_PER_STEP = 10;
export const PER_JOB = 50;

export interface AnnotationPlan {
  shown: Classified[];
  /** Annotatable findings left out by the budget, by level. */
  omitted: Record<Level, number>;
  omittedTotal: number;
}

export interface BudgetOptions {
  /** The `annotations` input: most annotations to emit. */
  max: number;
  /** Slots kept for the Action's own messages (the setFailed error, the "N more" notice). */
  reserve?: Partial<Record<Level, number>>;
}

const sevRank = (s: Severity) => SEVERITIES.indexOf(s);

/** Order: severity, then file and line (stable and readable). */
export function bySeverity(a: Classified, b: Classified): number {
  return (
    sevRank(a.finding.severity) - sevRank(b.finding.severity) ||
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.finding.location.startLine - b.finding.location.startLine ||
    (a.finding.ruleId < b.finding.ruleId ? -1 : a.finding.ruleId > b.finding.ruleId ? 1 : 0)
  );
}

/** Choose which findings to annotate: the new ones, most severe first, within the per-level and total limits. */
export function planAnnotations(items: Classified[], opts: BudgetOptions): AnnotationPlan {
  const candidates = items.filter((c) => c.status === 'new').sort(bySeverity);
  const left: Record<Level, number> = {
    error: Math.max(0, PER_LEVEL_PER_STEP - (opts.reserve?.error ?? 0)),
    warning: Math.max(0, PER_LEVEL_PER_STEP - (opts.reserve?.warning ?? 0)),
    notice: Math.max(0, PER_LEVEL_PER_STEP - (opts.reserve?.notice ?? 0)),
  };
  let total = Math.min(opts.max, PER_JOB - (opts.reserve?.error ?? 0) - (opts.reserve?.warning ?? 0) - (opts.reserve?.notice ?? 0));
  const shown: Classified[] = [];
  const omitted: Record<Level, number> = { error: 0, warning: 0, notice: 0 };
  for (const c of candidates) {
    const lvl = LEVEL[c.finding.severity];
    if (total > 0 && left[lvl] > 0) {
      shown.push(c);
      left[lvl]--;
      total--;
    } else omitted[lvl]++;
  }
  return { shown, omitted, omittedTotal: omitted.error + omitted.warning + omitted.notice };
}

/**
 * "TG-AWS-004 CRITICAL: S3 bucket ACL grants access to everyone". Critical and high share the error
 * level (GitHub has three), so the title carries the severity word; the rule id leads for search.
 */
export function annotationTitle(c: Classified): string {
  return `${c.finding.ruleId} ${SEVERITY_LABEL[c.finding.severity]}: ${c.finding.title}`.slice(0, 255);
}

export function annotationMessage(c: Classified, redact: (s: string) => string): string {
  const f = c.finding;
  return redact(`${f.message}\nSOC 2: ${f.controls.join(', ')}\nFix: ${f.remediation}`);
}

export function annotationProperties(c: Classified): core.AnnotationProperties {
  const l = c.finding.location;
  const props: core.AnnotationProperties = { title: annotationTitle(c), file: c.file, startLine: l.startLine, endLine: Math.max(l.startLine, l.endLine) };
  // GitHub: columns only when the annotation starts and ends on the same line.
  if (l.startLine === l.endLine && l.startColumn > 0) {
    props.startColumn = l.startColumn;
    props.endColumn = Math.max(l.startColumn, l.endColumn);
  }
  return props;
}

export type AnnotationSink = Pick<typeof core, 'error' | 'warning' | 'notice'>;

export function emitAnnotations(plan: AnnotationPlan, redact: (s: string) => string, sink: AnnotationSink = core): void {
  for (const c of plan.shown) sink[LEVEL[c.finding.severity]](annotationMessage(c, redact), annotationProperties(c));
  if (plan.omittedTotal > 0) {
    const parts = (['error', 'warning', 'notice'] as const).filter((l) => plan.omitted[l]).map((l) => `${plan.omitted[l]} ${l}`);
    sink.notice(`Trustgate: ${plan.omittedTotal} more new finding${plan.omittedTotal === 1 ? ' is' : 's are'} not annotated (${parts.join(', ')}; GitHub shows 10 per level per step). See the job summary for all of them.`);
  }
}

/** A suppression the change adds, announced on its line (a warning, whichever channel carries it). */
export interface ExceptionAnnotation {
  file: string;
  startLine: number;
  endLine: number;
  title: string;
  message: string;
}

export function exceptionAnnotation(e: NewException, author: string | undefined, workspace: string, redact: (s: string) => string): ExceptionAnnotation {
  const l = e.finding.suppression!.location ?? e.finding.location;
  return { file: relPath(l.file, workspace), startLine: l.startLine, endLine: l.endLine, title: `Trustgate: new exception (${e.finding.ruleId})`, message: redact(exceptionText(e, author)) };
}
