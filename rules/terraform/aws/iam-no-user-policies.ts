import { defineRule, fail } from '../../../core/rule.js';
import { asList, isUnknown } from '../../../core/terraform/values.js';

export default defineRule({
  id: 'TG-AWS-034',
  name: 'aws-iam-no-user-policies',
  title: 'IAM permissions are granted to groups or roles, not directly to users',
  failTitle: 'IAM permissions are granted directly to a user',
  kind: 'terraform',
  category: 'access-control',
  controls: ['CC6.3', 'CC6.2'],
  severity: 'low',
  persona: 'pedantic',
  personaRationale: 'Policies on users rather than groups are an administration hygiene issue, not an access gap.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['aws_iam_user_policy', 'aws_iam_user_policy_attachment', 'aws_iam_policy_attachment'],
  aliases: ['CKV_AWS_40', 'AVD-AWS-0143'],
  rationale: 'Permissions attached to individual users are hard to review and are easily left behind when a person changes role. Granting through groups or roles keeps access tied to a job function.',
  controlRationale: {
    'CC6.3': 'Access is granted by role, which makes periodic review and segregation of duties practical.',
    'CC6.2': 'Removing a user from a group revokes access in one place when their role ends.',
  },
  remediation: 'Attach the policy to an aws_iam_group (and add the user with aws_iam_user_group_membership) or to a role the user assumes.',
  defaults: 'aws_iam_policy_attachment with an empty or absent users list passes.',
  *check(m) {
    for (const p of m.resourcesOf('aws_iam_user_policy'))
      yield fail(p.headerLoc, `Inline policy "${p.name}" is attached directly to a user.`);
    for (const p of m.resourcesOf('aws_iam_user_policy_attachment'))
      yield fail(p.headerLoc, `Policy attachment "${p.name}" attaches a policy directly to a user.`);
    for (const p of m.resourcesOf('aws_iam_policy_attachment')) {
      const u = p.attr('users');
      if (!u) continue;
      const l = asList(u.value);
      if (isUnknown(l) || !l?.length) continue;
      yield fail(u.loc, `Policy attachment "${p.name}" attaches a policy directly to users.`, { blockLine: p.block.range.startLine });
    }
  },
});
