import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asList, asString, isUnknown, type Value } from '../../../core/terraform/values.js';

const strings = (v: Value | undefined): string[] => {
  const l = asList(v ?? null);
  return !l || isUnknown(l) ? [] : l.filter((x): x is string => typeof x === 'string');
};

export default defineRule({
  id: 'TG-AZR-025',
  name: 'azure-entra-conditional-access-mfa',
  title: 'Conditional access policies for all users or admin roles require MFA',
  failTitle: 'Conditional access policy for all users or admin roles does not require MFA',
  kind: 'terraform',
  category: 'identity-mfa',
  controls: ['CC6.6', 'CC6.1', 'CC6.3'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Conditional access without MFA leaves sign-in to a single factor (CC6.1).',
  confidence: 'medium',
  introducedIn: '0.2.0',
  resourceTypes: ['azuread_conditional_access_policy'],
  rationale:
    'A conditional access policy that covers every user or the directory\'s administrator roles decides how those people sign in. If its grant controls let them in without MFA (no "mfa" control, an OR with a weaker control, no authentication strength), a stolen password is enough for the accounts that matter most.',
  controlRationale: {
    'CC6.6': 'Access from outside the boundary requires a second factor for the people the policy covers.',
    'CC6.1': 'Authentication of users and administrators does not rest on a password alone.',
    'CC6.3': 'Privileged roles get the strongest authentication requirement.',
  },
  remediation:
    'In grant_controls, include "mfa" in built_in_controls (with operator = "AND" when other controls are listed) or set authentication_strength_policy_id; keep emergency-access accounts in excluded_users.',
  defaults:
    'Judged only for policies whose users condition includes "All" users or any included_roles, and that grant access (a "block" control is a stricter policy and passes). operator defaults to "OR": with several controls, any one of them is enough, so "mfa" OR "compliantDevice" does not require MFA.',
  *check(m) {
    for (const p of m.resourcesOf('azuread_conditional_access_policy')) {
      if (p.hasError) continue;
      const bl = p.block.range.startLine;
      const users = p.get('conditions.users.included_users');
      const roles = p.get('conditions.users.included_roles');
      for (const a of [users, roles]) if (a && isUnknown(a.value)) yield indeterminate(a.loc, `${a.name}: ${a.value.reason}`, bl);
      if ((users && isUnknown(users.value)) || (roles && isUnknown(roles.value))) continue;
      const all = strings(users?.value).some((u) => u.toLowerCase() === 'all');
      const nRoles = strings(roles?.value).length;
      if (!all && !nRoles) continue;
      const who = all ? 'all users' : `${nRoles} directory role${nRoles > 1 ? 's' : ''}`;
      const name = asString(p.value('display_name'));
      const label = `Conditional access policy "${typeof name === 'string' ? name : p.name}"`;
      const g = p.block1('grant_controls');
      if (!g) {
        // Session-only policies (sign-in frequency, app restrictions) carry no grant controls: nothing to require.
        continue;
      }
      if (g.maybe) {
        yield indeterminate(g.headerLoc, 'dynamic block may not exist (for_each unknown)', bl);
        continue;
      }
      const strength = g.attr('authentication_strength_policy_id');
      if (strength && strength.value !== null && strength.value !== '') continue;
      const bic = g.attr('built_in_controls');
      const op = g.attr('operator');
      if (bic && isUnknown(bic.value)) {
        yield indeterminate(bic.loc, `built_in_controls: ${bic.value.reason}`, bl);
        continue;
      }
      if (op && isUnknown(op.value)) {
        yield indeterminate(op.loc, `operator: ${op.value.reason}`, bl);
        continue;
      }
      const controls = strings(bic?.value).map((c) => c.toLowerCase());
      if (controls.includes('block')) continue;
      const and = typeof op?.value === 'string' && op.value.toUpperCase() === 'AND';
      if (controls.includes('mfa') && (and || controls.length === 1)) continue;
      const why = controls.includes('mfa') ? `lets ${who} satisfy it with ${controls.filter((c) => c !== 'mfa').join(' or ')} instead of MFA (operator OR)` : `covers ${who} but its grant controls do not require MFA`;
      yield fail(bic?.loc ?? g.headerLoc, `${label} ${why}.`, { blockLine: bl });
    }
  },
});
