// The default branch's change controls as the API shows them (CC8.1): approving reviews and status
// checks required by classic branch protection and by rulesets. Classic protection needs
// administration:read; rulesets that apply to a branch are readable with metadata:read. What the
// token cannot read is said, never taken for "unprotected".
import { GitHubError, readDenied, type GitHubApi } from '../github.js';
import type { ProtectionFacts } from './files.js';

interface ClassicProtection {
  required_pull_request_reviews?: { required_approving_review_count?: number };
  required_status_checks?: { contexts?: string[]; checks?: { context: string }[] };
}
interface BranchRule {
  type: string;
  parameters?: { required_approving_review_count?: number; required_status_checks?: { context: string }[] };
}

export async function readProtection(api: GitHubApi, branch: string): Promise<ProtectionFacts | { unavailable: string }> {
  const b = encodeURIComponent(branch);
  const facts: ProtectionFacts = { requiredReviews: 0, requiredChecks: [], sources: [] };
  const checks = new Set<string>();
  const denied: string[] = [];
  try {
    const p = await api.get<ClassicProtection>(`${api.repoPath}/branches/${b}/protection`);
    facts.sources.push('protection');
    facts.requiredReviews = Math.max(facts.requiredReviews, Number(p.required_pull_request_reviews?.required_approving_review_count ?? 0) || 0);
    for (const c of [...(p.required_status_checks?.contexts ?? []), ...(p.required_status_checks?.checks ?? []).map((x) => x.context)]) checks.add(String(c));
  } catch (e) {
    // 404 "Branch not protected" is an answer; any other refusal means the token cannot see it.
    if (e instanceof GitHubError && e.status === 404 && /not protected/i.test(e.message)) facts.sources.push('protection');
    else if (readDenied(e)) denied.push(`branch protection: ${(e as GitHubError).status}`);
    else throw e;
  }
  try {
    const rules = await api.get<BranchRule[]>(`${api.repoPath}/rules/branches/${b}`);
    facts.sources.push('rulesets');
    for (const r of Array.isArray(rules) ? rules : []) {
      if (r.type === 'pull_request') facts.requiredReviews = Math.max(facts.requiredReviews, Number(r.parameters?.required_approving_review_count ?? 0) || 0);
      if (r.type === 'required_status_checks') for (const c of r.parameters?.required_status_checks ?? []) checks.add(String(c.context));
    }
  } catch (e) {
    if (readDenied(e)) denied.push(`rulesets: ${(e as GitHubError).status}`);
    else throw e;
  }
  facts.requiredChecks = [...checks].sort();
  // Rulesets alone may miss classic protection's reviews: partial facts are not "protected: no".
  if (denied.length && facts.requiredReviews === 0) return { unavailable: `the token cannot read ${denied.join(', ')}` };
  return facts;
}
