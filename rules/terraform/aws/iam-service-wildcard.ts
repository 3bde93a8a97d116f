import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { policyStatements } from '../../../core/terraform/policy-document.js';
import { isUnknown } from '../../../core/terraform/values.js';
import { IDENTITY_POLICY_TYPES, identityPolicies, serviceWildcard } from '../_lib/iam.js';

export default defineRule({
  id: 'TG-AWS-058',
  name: 'aws-iam-service-wildcard',
  title: 'IAM policies do not allow every action of a service on every resource',
  failTitle: 'IAM policy allows every action of a service on every resource',
  kind: 'terraform',
  category: 'access-control',
  controls: ['CC6.3', 'CC6.1'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'A service-wide wildcard on every resource ("s3:*" on "*") is excessive access an auditor cites against least privilege (CC6.3).',
  confidence: 'high',
  introducedIn: '0.2.0',
  resourceTypes: [...IDENTITY_POLICY_TYPES, 'aws_iam_role'],
  options: {
    allowedActions: { type: 'array', items: { type: 'string' }, default: [], description: 'Service wildcards that may be granted on every resource, e.g. "logs:*" or "xray:*".' },
  },
  rationale:
    'A statement that allows "s3:*" or "ec2:*" on every resource gives its holder every present and future operation of the service across the account: deleting every bucket, changing every bucket policy, terminating every instance. It is the administrator finding at the scale of one service, and a leaked credential then reaches everything the service holds.',
  controlRationale: {
    'CC6.3': 'Access is limited to the operations a role needs, not every operation of a service.',
    'CC6.1': 'The reach of one identity, and of its leaked credential, is limited to named resources.',
  },
  remediation:
    'List the actions the workload uses ("s3:GetObject", "s3:PutObject") or scope the statement to named resources (the bucket and its objects); IAM Access Analyzer can generate a policy from CloudTrail activity.',
  defaults:
    'Statements without Effect are Allow. Only "service:*" counts (narrower patterns such as "s3:Get*" do not); the all-services "*" is TG-AWS-033. A condition on the statement does not make it pass. Identity policies are read from aws_iam_policy, aws_iam_role_policy, aws_iam_user_policy, aws_iam_group_policy and aws_iam_role inline_policy blocks, whether written as JSON, jsonencode() or a data "aws_iam_policy_document".',
  *check(m, ctx) {
    const allowed = new Set(ctx.options.allowedActions.map((a) => a.toLowerCase()));
    for (const { owner, attr, what, related } of identityPolicies(m)) {
      const blockLine = owner.block.range.startLine;
      const sts = policyStatements(attr.value);
      if (isUnknown(sts)) {
        yield indeterminate(attr.loc, `policy: ${sts.reason}`, blockLine);
        continue;
      }
      const found = new Set<string>();
      let undecided: string | undefined;
      for (const s of sts ?? []) {
        if (s.effect !== 'Allow') continue;
        // Every action at all is the administrator rule's finding (TG-AWS-033), not this one.
        if (s.actions.some((x) => x === '*' || x === '*:*')) continue;
        const wild = s.actions.filter((x) => serviceWildcard(x) && !allowed.has(x.trim().toLowerCase()));
        if (s.resources.includes('*')) for (const w of wild) found.add(w.trim());
        else if (wild.length && s.unknown.resources) undecided ??= `${what} allows ${wild.join(', ')} on a resource that is not known statically`;
        else if (s.unknown.actions && s.resources.includes('*')) undecided ??= `${what} allows actions that are not known statically on every resource ("*")`;
      }
      if (found.size) {
        const list = [...found].map((x) => `"${x}"`).join(', ');
        yield fail(attr.loc, `${what} allows every action of a service (${list}) on every resource ("*").`, { blockLine, related });
      } else if (undecided) yield indeterminate(attr.loc, undecided, blockLine);
    }
  },
});
