// The readiness score, kept to one rule an auditor can recompute by hand from the report's own tables.
import type { Verdict } from '../soc2/verdict.js';

export const SCORE_RULE =
  'Each criterion point counts once, with equal weight. A point is credited when the scan evaluated at least one applicable resource for it and nothing failed or was left undecided (verdict pass), or, for a point the scan did not evaluate (code cannot show it, or no applicable resource), when a control outside the code that covers it is in force (owned, with evidence or an approved policy document, review not overdue). Everything else counts as not credited: fail, incomplete, not evaluated, and points no rule or control covers. Score = credited points / all points, as a whole percentage rounded down, per section and overall.';

export const SCORE_WHY =
  'Silence is never counted as readiness: an auditor accepts only what is evidenced, so an unevaluated or undecided point scores like a failing one. Equal weights keep the score checkable without a weighting table that would need its own justification; severity is shown beside the score, not mixed into it.';

export interface Score {
  credited: number;
  points: number;
  /** 0-100, rounded down (a score is never rounded up to look ready). */
  percent: number;
}

export function score(credited: number, points: number): Score {
  return { credited, points, percent: points ? Math.floor((100 * credited) / points) : 0 };
}

/** Whether one point is credited (see SCORE_RULE). */
export function credited(verdict: Verdict, controlInForce: boolean): boolean {
  return verdict === 'pass' || (verdict === 'not-evaluated' && controlInForce);
}
