import { defineRule } from '../../../core/rule.js';
import { requireBool } from '../_lib/attributes.js';
import { PROTECTION_TYPES, protections, protName } from '../_lib/github.js';

export default defineRule({
  id: 'TG-GH-004',
  name: 'github-code-owner-reviews',
  title: 'Protected branch requires code owner review',
  failTitle: 'Protected branch does not require code owner review',
  kind: 'terraform',
  category: 'change-management',
  controls: ['CC8.1', 'CC6.3'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Code owner review is how designated approvers are enforced.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: PROTECTION_TYPES,
  aliases: ['CKV_GITHUB_13', 'repository_default_branch_requires_codeowners_review'],
  rationale:
    'Code owner review routes changes to sensitive paths (infrastructure, workflows, access policies) to the people accountable for them instead of any reviewer with write access.',
  controlRationale: {
    'CC8.1': 'Changes to critical components are approved by their designated owners.',
    'CC6.3': 'Approval rights follow responsibility for the component, not general write access.',
  },
  remediation:
    'Set require_code_owner_reviews = true in required_pull_request_reviews (rulesets: require_code_owner_review = true in rules.pull_request) and keep a CODEOWNERS file covering infrastructure and workflow paths.',
  defaults: 'Code owner review is off unless set (classic protections and rulesets).',
  *check(m) {
    for (const p of protections(m)) {
      if (!p.reviews) continue;
      yield* requireBool(p.reviews, p.f.codeOwners, true, {
        dflt: false,
        blockLine: p.res.block.range.startLine,
        fix: true,
        bad: `${protName(p)} does not require code owner review (${p.f.codeOwners} = false).`,
        missing: `${protName(p)} does not require code owner review (${p.f.codeOwners} is not set).`,
      });
    }
  },
});
