import { defineRule } from '../../../core/rule.js';
import { boolAt, requireBool } from '../_lib/attributes.js';
import { protections, protName, rulesetGroupRequire } from '../_lib/github.js';

export default defineRule({
  id: 'TG-GH-007',
  name: 'github-branch-force-push-deletion',
  title: 'Protected branch cannot be force-pushed or deleted',
  failTitle: 'Protected branch can be force-pushed or deleted',
  kind: 'terraform',
  category: 'change-management',
  controls: ['CC8.1', 'PI1.5'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Force pushes and deletions rewrite or remove the change history.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['github_branch_protection', 'github_repository_ruleset', 'github_organization_ruleset'],
  aliases: ['CKV_GITHUB_5', 'CKV_GITHUB_18', 'repository_default_branch_disallows_force_push', 'repository_default_branch_deletion_disabled'],
  rationale:
    'A force push or branch deletion rewrites or erases the history that shows which reviewed change was deployed, and can replace reviewed commits with unreviewed ones.',
  controlRationale: {
    'CC8.1': 'The change history of the protected branch stays complete and traceable.',
    'PI1.5': 'The stored record of changes is protected from unauthorised modification or deletion.',
  },
  remediation:
    'Keep allows_force_pushes and allows_deletions false (the default) in github_branch_protection; in rulesets add non_fast_forward = true and deletion = true to rules.',
  defaults: 'Classic protections block force pushes and deletions unless allowed; rulesets block them only with non_fast_forward / deletion rules.',
  *check(m) {
    const ps = protections(m);
    for (const p of ps) {
      if (p.kind !== 'classic') continue;
      const blockLine = p.res.block.range.startLine;
      yield* requireBool(p.res, 'allows_force_pushes', false, { dflt: false, blockLine, fix: true, bad: `${protName(p)} allows force pushes.`, missing: '' });
      yield* requireBool(p.res, 'allows_deletions', false, { dflt: false, blockLine, fix: true, bad: `${protName(p)} allows the branch to be deleted.`, missing: '' });
    }
    yield* rulesetGroupRequire(
      m,
      ps,
      (p) => boolAt(p.rules, 'non_fast_forward', false),
      (p) => `No active ruleset of the repository of ${protName(p)} blocks force pushes (rules.non_fast_forward).`,
    );
    yield* rulesetGroupRequire(
      m,
      ps,
      (p) => boolAt(p.rules, 'deletion', false),
      (p) => `No active ruleset of the repository of ${protName(p)} blocks branch deletion (rules.deletion).`,
    );
  },
});
