import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { isUnknown } from '../../../core/terraform/values.js';

export default defineRule({
  id: 'TG-AWS-037',
  name: 'aws-cognito-mfa-required',
  title: 'Cognito user pools require MFA',
  failTitle: 'Cognito user pool does not require MFA',
  kind: 'terraform',
  category: 'identity-mfa',
  controls: ['CC6.6', 'CC6.1'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Missing MFA on user pools is an authentication finding under CC6.1.',
  confidence: 'medium',
  introducedIn: '0.1.0',
  resourceTypes: ['aws_cognito_user_pool'],
  aliases: ['ec28bf61-a474-4dbe-b414-6dd3a067d6f0'],
  options: {
    allowOptional: { type: 'boolean', default: false, description: 'Accept mfa_configuration = "OPTIONAL" (users may enrol).' },
  },
  rationale: 'Passwords alone are phished, reused and brute-forced. Requiring a second factor for users signing in from outside the network is the standard defence for internet-facing authentication.',
  controlRationale: {
    'CC6.6': 'Access from outside the boundary requires additional authentication.',
    'CC6.1': 'User authentication does not rest on a single factor.',
  },
  remediation: 'Set mfa_configuration = "ON" with software_token_mfa_configuration { enabled = true } (or SMS/email configuration). Use the option allowOptional: true if OPTIONAL is backed by a documented compensating control.',
  defaults: 'mfa_configuration defaults to "OFF". "OPTIONAL" is reported unless the option allowOptional is true.',
  *check(m, ctx) {
    const allowOptional = ctx.options.allowOptional;
    for (const p of m.resourcesOf('aws_cognito_user_pool')) {
      const a = p.attr('mfa_configuration');
      if (!a) {
        if (!p.hasError) yield fail(p.headerLoc, `Cognito user pool "${p.name}" does not set mfa_configuration, so MFA is off.`);
        continue;
      }
      if (isUnknown(a.value)) yield indeterminate(a.loc, `mfa_configuration: ${a.value.reason}`, p.block.range.startLine);
      else if (a.value === 'OFF' || (a.value === 'OPTIONAL' && !allowOptional))
        yield fail(a.loc, `Cognito user pool "${p.name}" has mfa_configuration = "${String(a.value)}", so users can sign in with a password alone.`, { blockLine: p.block.range.startLine });
    }
  },
});
