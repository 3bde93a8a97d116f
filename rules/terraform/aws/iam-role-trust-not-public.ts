import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { policyStatements } from '../../../core/terraform/policy-document.js';
import { isUnknown } from '../../../core/terraform/values.js';
import { conditionRestrictsCaller, principalIsWildcard } from '../_lib/iam.js';

export default defineRule({
  id: 'TG-AWS-035',
  name: 'aws-iam-role-trust-not-public',
  title: 'IAM role trust policies do not trust every AWS principal',
  failTitle: 'IAM role trust policy trusts every AWS principal',
  kind: 'terraform',
  category: 'access-control',
  controls: ['CC6.1', 'CC6.6', 'CC6.2'],
  severity: 'critical',
  persona: 'regular',
  personaRationale: 'A role trusted by every AWS principal can be assumed by anyone.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['aws_iam_role'],
  aliases: ['CKV_AWS_60', '12b7e704-37f0-4d1e-911a-44bf60c48c21', 'bcdcbdc6-a350-4855-ae7c-d1e6436f7c97'],
  rationale: 'A trust policy with Principal "*" (or AWS "*") lets any AWS account in the world assume the role unless a condition pins the caller to your organisation, account or an external id.',
  controlRationale: {
    'CC6.1': 'Who may obtain the role\'s credentials is restricted to known principals.',
    'CC6.6': 'The role cannot be assumed from outside the organisation boundary.',
    'CC6.2': 'Credentials are issued only to identities that were authorised for them.',
  },
  remediation: 'Name the trusted account, role or service as the principal, or add a condition on aws:PrincipalOrgID, aws:PrincipalAccount, aws:PrincipalArn or sts:ExternalId.',
  defaults: 'A condition counts only if it restricts the caller (organisation, account, principal ARN, source ARN/account or external id); e.g. an MFA-only condition does not.',
  *check(m) {
    for (const r of m.resourcesOf('aws_iam_role')) {
      const a = r.attr('assume_role_policy');
      if (!a) continue;
      const sts = policyStatements(a.value);
      if (isUnknown(sts)) {
        yield indeterminate(a.loc, `assume_role_policy: ${sts.reason}`, r.block.range.startLine);
        continue;
      }
      for (const s of sts ?? []) {
        if (s.effect !== 'Allow') continue;
        const w = principalIsWildcard(s.principals);
        if (w === false) continue;
        if (isUnknown(s.condition)) {
          yield indeterminate(a.loc, `trust condition: ${s.condition.reason}`, r.block.range.startLine);
          break;
        }
        if (conditionRestrictsCaller(s.condition)) continue;
        if (isUnknown(w)) yield indeterminate(a.loc, `trust principal: ${w.reason}`, r.block.range.startLine);
        else yield fail(a.loc, `Role "${r.name}" can be assumed by any AWS principal ("*") without a condition restricting the caller.`, { blockLine: r.block.range.startLine });
        break;
      }
    }
  },
});
