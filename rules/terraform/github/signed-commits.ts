import { defineRule } from '../../../core/rule.js';
import { boolAt, requireBool } from '../_lib/attributes.js';
import { PROTECTION_TYPES, protections, protName, rulesetGroupRequire } from '../_lib/github.js';

export default defineRule({
  id: 'TG-GH-008',
  name: 'github-signed-commits',
  title: 'Protected branch requires signed commits',
  failTitle: 'Protected branch does not require signed commits',
  kind: 'terraform',
  category: 'change-management',
  controls: ['CC8.1', 'CC6.1'],
  severity: 'low',
  persona: 'pedantic',
  personaRationale: 'Signed commits are sound hygiene but rarely required by a SOC 2 auditor.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: PROTECTION_TYPES,
  aliases: ['CKV_GIT_6', 'AVD-GIT-0004', 'CKV_GITHUB_4', 'repository_default_branch_requires_signed_commits'],
  rationale:
    'Commit signatures tie each change to a verified identity, so the author shown in the history is the person who made the change and not someone who set a name in git config.',
  controlRationale: {
    'CC8.1': 'The change record attributes each change to an authenticated author.',
    'CC6.1': 'Signing keys bound to accounts make impersonation of a committer detectable.',
  },
  remediation: 'Set require_signed_commits = true (classic protection) or rules.required_signatures = true (ruleset).',
  defaults: 'Signed commits are not required unless set.',
  *check(m) {
    const ps = protections(m);
    for (const p of ps) {
      if (p.kind !== 'classic' && p.kind !== 'classic-v3') continue;
      yield* requireBool(p.res, 'require_signed_commits', true, {
        dflt: false,
        blockLine: p.res.block.range.startLine,
        fix: true,
        bad: `${protName(p)} does not require signed commits (require_signed_commits = false).`,
        missing: `${protName(p)} does not require signed commits (require_signed_commits is not set).`,
      });
    }
    yield* rulesetGroupRequire(
      m,
      ps,
      (p) => boolAt(p.rules, 'required_signatures', false),
      (p) => `No active ruleset of the repository of ${protName(p)} requires signed commits (rules.required_signatures).`,
    );
  },
});
