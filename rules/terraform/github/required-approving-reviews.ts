import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { isUnknown } from '../../../core/terraform/values.js';
import { literalFix } from '../_lib/fixes.js';
import { PROTECTION_TYPES, protections, protName, rulesetGroupRequire } from '../_lib/github.js';

export default defineRule({
  id: 'TG-GH-002',
  name: 'github-required-approving-reviews',
  title: 'Protected branch requires at least one approving review',
  failTitle: 'Protected branch does not require an approving review',
  kind: 'terraform',
  category: 'change-management',
  controls: ['CC8.1', 'CC6.3'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Changes without an approving review fail the change-management control (CC8.1).',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: PROTECTION_TYPES,
  aliases: ['CKV_GIT_5', 'repository_default_branch_requires_multiple_approvals'],
  rationale:
    'A protection that does not require a pull request with an approving review lets the author merge their own change; a second person reviewing every change is the core of an authorised change process.',
  controlRationale: {
    'CC8.1': 'An approving review is the recorded authorisation of each change before it is merged.',
    'CC6.3': 'Requiring someone other than the author to approve separates the duties of writing and accepting a change.',
  },
  remediation:
    'Add a required_pull_request_reviews block with required_approving_review_count >= 1 (classic protection), or a rules.pull_request block with required_approving_review_count >= 1 (ruleset).',
  defaults:
    'Classic protections without a required_pull_request_reviews block require no review; inside the block the count defaults to 1. Ruleset pull_request rules default to 0 approvals.',
  *check(m) {
    const ps = protections(m);
    for (const p of ps) {
      const blockLine = p.res.block.range.startLine;
      if (!p.reviews) {
        if (p.kind === 'ruleset' || p.kind === 'org-ruleset' || p.res.hasError) continue;
        yield fail(p.res.headerLoc, `Branch protection ${protName(p)} does not require pull-request reviews (no required_pull_request_reviews block).`, { blockLine });
        continue;
      }
      if (p.reviews.maybe) {
        yield indeterminate(p.reviews.headerLoc, 'dynamic block may not exist (for_each unknown)', blockLine);
        continue;
      }
      const a = p.reviews.attr(p.f.count);
      if (!a) {
        if (p.countDefault >= 1 || p.reviews.hasError) continue;
        yield fail(p.reviews.headerLoc, `Ruleset ${protName(p)} requires pull requests but no approving review (required_approving_review_count defaults to 0).`, { blockLine });
        continue;
      }
      if (isUnknown(a.value)) {
        yield indeterminate(a.loc, `${p.f.count}: ${a.value.reason}`, blockLine);
        continue;
      }
      const n = typeof a.value === 'number' ? a.value : Number(a.value);
      if (!(n >= 1))
        yield fail(a.loc, `${protName(p)} requires ${a.value} approving reviews, so changes can be merged without approval.`, {
          blockLine,
          fixes: literalFix(a, `Set ${p.f.count} = 1`, '1'),
        });
    }
    yield* rulesetGroupRequire(
      m,
      ps,
      (p) => (p.reviews ? (p.reviews.maybe ? 'dynamic block may not exist (for_each unknown)' : true) : false),
      (p) => `No active ruleset of the repository of ${protName(p)} has a pull_request rule, so changes need no review.`,
    );
  },
});
