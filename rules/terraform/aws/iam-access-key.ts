import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asString, isUnknown } from '../../../core/terraform/values.js';

export default defineRule({
  id: 'TG-AWS-059',
  name: 'aws-iam-access-key',
  title: 'IAM users get no long-lived access keys from Terraform',
  failTitle: 'IAM access key is a long-lived credential',
  kind: 'terraform',
  category: 'secrets',
  controls: ['CC6.1', 'CC6.2'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Long-lived access keys are the credential auditors ask about first under CC6.1 (how they are issued, rotated and revoked).',
  confidence: 'high',
  introducedIn: '0.2.0',
  resourceTypes: ['aws_iam_access_key'],
  rationale:
    'An IAM access key never expires: it works from anywhere until someone deletes it, it is copied into CI settings, laptops and config files, and Terraform keeps its secret in the state (in clear text unless pgp_key is set). Roles assumed through OIDC federation, IAM Identity Center or instance profiles give short-lived credentials instead.',
  controlRationale: {
    'CC6.1': 'Programmatic access uses short-lived credentials bound to an identity rather than permanent shared keys.',
    'CC6.2': 'Credentials are issued and revoked with the identity; a permanent key outlives the person or system it was made for.',
  },
  remediation:
    'Replace the key with a role: GitHub Actions and other CI through OIDC (aws_iam_openid_connect_provider + a role), workloads through instance profiles, IRSA or ECS task roles, people through IAM Identity Center. Where a key is unavoidable (an SMTP user, a third party without federation), set pgp_key, rotate it, and suppress this finding with the reason.',
  defaults: 'status defaults to "Active"; an "Inactive" key is not reported.',
  *check(m) {
    for (const k of m.resourcesOf('aws_iam_access_key')) {
      const blockLine = k.block.range.startLine;
      const st = k.attr('status');
      const status = st ? asString(st.value) : 'Active';
      if (isUnknown(status)) {
        yield indeterminate(st!.loc, `status: ${status.reason}`, blockLine);
        continue;
      }
      if (status === 'Inactive') continue;
      const user = asString(k.value('user') ?? null);
      const who = typeof user === 'string' ? ` for IAM user "${user}"` : '';
      const state = k.attr('pgp_key') ? '' : '; its secret is stored unencrypted in the Terraform state';
      yield fail(k.headerLoc, `IAM access key "${k.name}"${who} is a long-lived credential${state}.`, { blockLine });
    }
  },
});
