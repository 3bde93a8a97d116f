import { defineRule } from '../../../core/rule.js';
import { requireBool } from '../_lib/attributes.js';
import { PROTECTION_TYPES, protections, protName } from '../_lib/github.js';

export default defineRule({
  id: 'TG-GH-003',
  name: 'github-stale-reviews-last-push-approval',
  title: 'Approvals are dismissed on new pushes and the last push must be approved',
  failTitle: 'Approvals survive new pushes or the last push needs no approval',
  kind: 'terraform',
  category: 'change-management',
  controls: ['CC8.1', 'CC6.3'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Approvals that survive new pushes let unreviewed code land.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: PROTECTION_TYPES,
  aliases: ['repository_default_branch_dismisses_stale_reviews', 'CKV_GITHUB_11'],
  rationale:
    'If an approval survives later pushes, an author can get a harmless change approved and then push different code that is merged under the old approval.',
  controlRationale: {
    'CC8.1': 'The approval recorded for a change must cover the code that is actually merged.',
    'CC6.3': 'Requiring someone other than the last pusher to approve keeps the author from approving their own final change.',
  },
  remediation:
    'Set dismiss_stale_reviews = true and require_last_push_approval = true in required_pull_request_reviews (rulesets: dismiss_stale_reviews_on_push and require_last_push_approval in rules.pull_request).',
  defaults: 'Both settings default to false in classic protections and rulesets.',
  *check(m) {
    for (const p of protections(m)) {
      if (!p.reviews) continue;
      const blockLine = p.res.block.range.startLine;
      yield* requireBool(p.reviews, p.f.stale, true, {
        dflt: false,
        blockLine,
        fix: true,
        bad: `${protName(p)} keeps approvals after new commits are pushed (${p.f.stale} = false).`,
        missing: `${protName(p)} keeps approvals after new commits are pushed (${p.f.stale} is not set).`,
      });
      yield* requireBool(p.reviews, p.f.lastPush, true, {
        dflt: false,
        blockLine,
        fix: true,
        bad: `${protName(p)} lets the author of the last push approve it (${p.f.lastPush} = false).`,
        missing: `${protName(p)} does not require the last push to be approved by someone else (${p.f.lastPush} is not set).`,
      });
    }
  },
});
