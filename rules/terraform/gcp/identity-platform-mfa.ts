import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { isUnknown } from '../../../core/terraform/values.js';
import { headerOf } from '../_lib/attributes.js';

export default defineRule({
  id: 'TG-GCP-024',
  name: 'gcp-identity-platform-mfa',
  title: 'Identity Platform projects turn multi-factor authentication on',
  failTitle: 'Identity Platform project does not turn multi-factor authentication on',
  kind: 'terraform',
  category: 'identity-mfa',
  controls: ['CC6.6', 'CC6.1'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'MFA for end-user sign-in is an authentication control cited under CC6.1.',
  confidence: 'medium',
  introducedIn: '0.2.0',
  resourceTypes: ['google_identity_platform_config'],
  rationale:
    'Identity Platform signs users in to the applications built on it. With its mfa state DISABLED (the default), no user can enrol a second factor, so every account is protected by its password alone.',
  controlRationale: {
    'CC6.6': 'Sign-in from the internet can require a second factor.',
    'CC6.1': 'User authentication does not rest on a single factor.',
  },
  remediation: 'Add mfa { state = "ENABLED" (or "MANDATORY") and enabled_providers = ["PHONE_SMS"] or a provider_configs block with TOTP } to google_identity_platform_config.',
  defaults: 'Without an mfa block, or with state = "DISABLED", MFA is off. "ENABLED" lets users enrol (the application decides whether to require it); "MANDATORY" requires it.',
  *check(m) {
    for (const c of m.resourcesOf('google_identity_platform_config')) {
      const bl = c.block.range.startLine;
      const mfa = c.block1('mfa');
      if (!mfa) {
        if (!c.hasError) yield fail(c.headerLoc, `Identity Platform config "${c.name}" has no mfa block, so users cannot use a second factor.`, { blockLine: bl });
        continue;
      }
      if (mfa.maybe) {
        yield indeterminate(headerOf(mfa), 'dynamic block may not exist (for_each unknown)', bl);
        continue;
      }
      const s = mfa.attr('state');
      if (!s) {
        if (!mfa.hasError) yield fail(mfa.headerLoc, `Identity Platform config "${c.name}" does not set mfa.state, so MFA stays disabled.`, { blockLine: bl });
        continue;
      }
      if (isUnknown(s.value)) yield indeterminate(s.loc, `mfa.state: ${s.value.reason}`, bl);
      else if (typeof s.value === 'string' && s.value.toUpperCase() === 'DISABLED')
        yield fail(s.loc, `Identity Platform config "${c.name}" has mfa.state = "DISABLED", so users sign in with a password alone.`, { blockLine: bl });
    }
  },
});
