// The default branch's change controls for the org scan (CC8.1): approving reviews and status checks
// required by classic branch protection and by rulesets, projected from the one reader
// (core/branch-protection.ts). What the token cannot read is said, never taken for "unprotected".
import { readBranchProtection } from '../branch-protection.js';
import type { Unreadable } from '../evidence/types.js';
import type { GitHubApi } from '../github.js';
import type { ProtectionFacts } from './files.js';

export async function readProtection(api: GitHubApi, branch: string): Promise<ProtectionFacts | { unavailable: string }> {
  const p = await readBranchProtection(api, branch);
  const missing: Unreadable[] = [];
  const parts: string[] = [];
  if ('unavailable' in p.classic) missing.push(p.classic), parts.push(`branch protection: ${p.classic.status ?? p.classic.unavailable}`);
  if (!Array.isArray(p.rulesets)) missing.push(p.rulesets), parts.push(`rulesets: ${p.rulesets.status ?? p.rulesets.unavailable}`);
  // Rulesets alone may miss classic protection's reviews: partial facts are not "protected: no".
  if (missing.length && p.requiredApprovingReviews === 0) {
    const denied = missing.every((m) => m.status === 401 || m.status === 403 || m.status === 404);
    return { unavailable: `${denied ? 'the token cannot read' : 'cannot read'} ${parts.join(', ')}` };
  }
  return {
    requiredReviews: p.requiredApprovingReviews,
    requiredChecks: p.requiredChecks,
    sources: [...('unavailable' in p.classic ? [] : ['protection' as const]), ...(Array.isArray(p.rulesets) ? ['rulesets' as const] : [])],
  };
}
