// A record's protection snapshot in words, for the auditor pack (HTML, CSV) and the job summary:
// the required reviews and checks first, then each source, and what could not be read with why.
import type { ProtectionSnapshot, RulesetInForce } from './types.js';

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** "2 approving reviews" / "at least 1 approving review" / "not recorded". */
export function requiredReviewsText(p: ProtectionSnapshot | undefined): string {
  if (!p) return 'not recorded';
  if (!p.complete && 'unavailable' in p.classic && !Array.isArray(p.rulesets)) return 'unknown (unreadable)';
  const n = plural(p.requiredApprovingReviews, 'approving review');
  return p.complete ? n : `at least ${n}`;
}

export function requiredChecksText(p: ProtectionSnapshot | undefined): string {
  if (!p) return 'not recorded';
  if (!p.complete && 'unavailable' in p.classic && !Array.isArray(p.rulesets)) return 'unknown (unreadable)';
  const list = p.requiredChecks.length ? p.requiredChecks.join(', ') : 'none';
  return p.complete ? list : `${list} (at least)`;
}

const reviewTerms = (x: { dismissStaleReviews: boolean; requireCodeOwnerReview: boolean; requireLastPushApproval: boolean }) =>
  [x.dismissStaleReviews ? 'stale reviews dismissed' : 'stale reviews kept', x.requireCodeOwnerReview ? 'code-owner review required' : null, x.requireLastPushApproval ? 'last push must be approved by someone else' : null].filter(Boolean).join(', ');

function rulesetText(r: RulesetInForce): string {
  const what = `ruleset ${r.name !== null ? `"${r.name}"` : '(name unreadable)'}${r.id !== null ? ` #${r.id}` : ''}`;
  const how = [r.enforcement ?? 'enforcement unreadable', r.sourceType && r.source ? `${r.sourceType.toLowerCase()} ${r.source}` : null].filter(Boolean).join(', ');
  const req = [r.requiredApprovingReviews ? `${plural(r.requiredApprovingReviews, 'review')} (${reviewTerms(r)})` : null, r.requiredChecks.length ? `checks ${r.requiredChecks.join(', ')}` : null].filter(Boolean).join('; ');
  const bypass = Array.isArray(r.bypassActors)
    ? r.bypassActors.length
      ? `bypass: ${r.bypassActors.map((a) => `${a.actorType}${a.actorId !== null ? ` ${a.actorId}` : ''} (${a.bypassMode})`).join(', ')}`
      : 'no bypass'
    : `bypass actors unavailable: ${r.bypassActors.unavailable}`;
  return `${what} (${how}): ${req || 'no review or check rule'}; ${bypass}`;
}

/** Every source, one line each: classic protection, then each ruleset (or why it could not be read). */
export function protectionDetails(p: ProtectionSnapshot): string[] {
  const out: string[] = [];
  const c = p.classic;
  if ('unavailable' in c) out.push(`classic branch protection: unavailable (${c.unavailable})`);
  else if (!c.protected) out.push('classic branch protection: none (branch not protected)');
  else
    out.push(
      `classic branch protection: ${plural(c.requiredApprovingReviews, 'review')} (${reviewTerms(c)}); ${c.requiredChecks.length ? `checks ${c.requiredChecks.join(', ')}` : 'no required checks'}; ${c.enforceAdmins ? 'admins included' : 'admins exempt'}${c.reviewBypass.length ? `; review bypass: ${c.reviewBypass.join(', ')}` : ''}`,
    );
  if (!Array.isArray(p.rulesets)) out.push(`rulesets: unavailable (${p.rulesets.unavailable})`);
  else if (!p.rulesets.length) out.push('rulesets: none apply to the branch');
  else out.push(...p.rulesets.map(rulesetText));
  return out;
}
