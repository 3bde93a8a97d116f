import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { isUnknown } from '../../../core/terraform/values.js';
import { literalFix } from '../_lib/fixes.js';

export default defineRule({
  id: 'TG-AZR-024',
  name: 'azure-entra-conditional-access-enforced',
  title: 'Entra ID conditional access policies are enforced, not disabled or report-only',
  failTitle: 'Entra ID conditional access policy is disabled or report-only',
  kind: 'terraform',
  category: 'identity-mfa',
  controls: ['CC6.6', 'CC6.1'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'A disabled or report-only policy enforces nothing; auditors test enforcement.',
  confidence: 'high',
  introducedIn: '0.2.0',
  resourceTypes: ['azuread_conditional_access_policy'],
  rationale:
    'Conditional access is where Entra ID requires MFA, blocks legacy authentication and demands compliant devices. A policy left in state "disabled" or "enabledForReportingButNotEnforced" (report-only) only logs what it would have done: every sign-in it describes succeeds without it.',
  controlRationale: {
    'CC6.6': 'Sign-ins from outside the boundary are only held to MFA and device rules when the policy is enforced.',
    'CC6.1': 'The access rules written in code are the ones that actually apply.',
  },
  remediation: 'Set state = "enabled" once the report-only results have been reviewed; keep break-glass accounts in excluded_users instead of disabling the policy.',
  defaults: 'state is required by the provider; "enabled" passes, "disabled" and "enabledForReportingButNotEnforced" are reported.',
  *check(m) {
    for (const p of m.resourcesOf('azuread_conditional_access_policy')) {
      const a = p.attr('state');
      if (!a) continue;
      const bl = p.block.range.startLine;
      if (isUnknown(a.value)) {
        yield indeterminate(a.loc, `state: ${a.value.reason}`, bl);
        continue;
      }
      if (a.value === 'enabled') continue;
      const how = a.value === 'enabledForReportingButNotEnforced' ? 'is report-only' : a.value === 'disabled' ? 'is disabled' : `has state ${JSON.stringify(a.value)}`;
      const name = p.value('display_name');
      yield fail(a.loc, `Conditional access policy "${typeof name === 'string' ? name : p.name}" ${how}, so its controls (such as MFA) are not enforced.`, {
        blockLine: bl,
        fixes: literalFix(a, 'Set state = "enabled"', '"enabled"'),
      });
    }
  },
});
