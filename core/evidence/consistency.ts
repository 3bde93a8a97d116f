// What a record's own fields imply, checked by `trustgate evidence verify`: the exceptions follow from
// the approval, checks, suppressions, pull request and tickets (one derivation, used to build the
// record too), and the approvers are exactly the reviews that count by the rules a review must meet.
// A hand edit that changes one field and not the fields that follow from it is caught here even when
// the record was re-sealed; a consistent forgery needs the anchor or the HMAC (ledger.ts).
import { protectionFigures, requiredChecksOf } from '../branch-protection.js';
import type { EvidenceRecord, Exception } from './types.js';

type Facts = Pick<EvidenceRecord, 'independentApproval' | 'checks' | 'suppressions' | 'tickets' | 'policyChanges'> & { pullRequest: unknown };

/** The exceptions an auditor flags, from the facts of the change, in a fixed order. */
export function impliedExceptions(r: Facts): Exception[] {
  const out: Exception[] = [];
  if (!r.pullRequest) out.push('no-pull-request');
  if (!r.independentApproval) out.push('no-independent-approval');
  if (r.checks.passed === false) out.push('failing-checks');
  if (r.checks.passed === null) out.push('checks-unavailable');
  if (r.suppressions.expired.length) out.push('expired-suppression');
  if (r.pullRequest && !r.tickets.length) out.push('no-ticket');
  if (r.policyChanges?.length) out.push('policy-weakened');
  return out;
}

const DERIVED: readonly Exception[] = ['no-pull-request', 'no-independent-approval', 'failing-checks', 'checks-unavailable', 'expired-suppression', 'no-ticket', 'policy-weakened'];

/** The first inconsistency in a (schema-valid) record, as a sentence; undefined when consistent. */
export function inconsistency(r: EvidenceRecord): string | undefined {
  const lc = (s: string | null) => (s ?? '').toLowerCase();
  const committers = new Set(r.commits.authors.map(lc));
  for (const [i, v] of r.reviews.entries()) {
    const at = `reviews[${i}] (${v.reviewer})`;
    if (v.countsAsApproval !== (v.notCountedBecause === null)) return `${at}: countsAsApproval is ${v.countsAsApproval} but notCountedBecause is ${JSON.stringify(v.notCountedBecause)}`;
    if (!v.countsAsApproval) continue;
    if (v.state !== 'APPROVED') return `${at} counts as an approval but its state is ${v.state}`;
    if (r.author && lc(v.reviewer) === lc(r.author)) return `${at} counts as an approval but is by the pull request's author`;
    if (committers.has(lc(v.reviewer))) return `${at} counts as an approval but the reviewer wrote commits in the change`;
    if (v.commitId !== r.commits.head) return `${at} counts as an approval but was given on ${String(v.commitId).slice(0, 12)}, not the head commit ${r.commits.head.slice(0, 12)}`;
  }
  const counted = [...new Set(r.reviews.filter((v) => v.countsAsApproval).map((v) => v.reviewer))].sort();
  const approvers = [...r.approvers].sort();
  if (counted.join('\n') !== approvers.join('\n')) return `approvers [${approvers.join(', ')}] are not the reviews that count [${counted.join(', ')}]`;
  if (r.independentApproval !== approvers.length > 0) return `independentApproval is ${r.independentApproval} with ${approvers.length} approver(s)`;
  // The protection snapshot: its headline figures follow from its sources, and the required checks the
  // record judged are the snapshot's (a stricter-looking snapshot pasted in, or a check dropped, shows).
  if (r.protection) {
    const p = r.protection;
    const f = protectionFigures(p.classic, p.rulesets);
    if (p.requiredApprovingReviews !== f.requiredApprovingReviews) return `protection.requiredApprovingReviews is ${p.requiredApprovingReviews} but its sources require ${f.requiredApprovingReviews}`;
    if (p.requiredChecks.join('\n') !== f.requiredChecks.join('\n')) return `protection.requiredChecks [${p.requiredChecks.join(', ')}] are not its sources' [${f.requiredChecks.join(', ')}]`;
    if (p.complete !== f.complete) return `protection.complete is ${p.complete} but ${f.complete ? 'both sources were read' : 'a source is unavailable'}`;
    const judged = r.checks.required === 'unavailable' ? 'unavailable' : r.checks.required.map((c) => c.name).sort().join(', ');
    const inForce = requiredChecksOf(p);
    if (judged !== (inForce === 'unavailable' ? 'unavailable' : inForce.join(', '))) return `checks.required [${judged}] are not the required checks of the protection in force [${inForce === 'unavailable' ? 'unavailable' : inForce.join(', ')}]`;
  }
  const implied = impliedExceptions(r);
  for (const e of DERIVED) {
    const has = r.exceptions.includes(e);
    if (has !== implied.includes(e)) return has ? `exception "${e}" is listed but the record's fields do not imply it` : `exception "${e}" is missing although the record's fields imply it`;
  }
  return undefined;
}
