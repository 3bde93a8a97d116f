import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import type { TfModule, TfResource } from '../../../core/terraform/model.js';
import { policyStatements } from '../../../core/terraform/policy-document.js';
import { asList, isUnknown, type Unknown } from '../../../core/terraform/values.js';
import { MFA_KEYS, conditionDeniesWithoutMfa, unknownConditionValue } from '../_lib/iam.js';

/** Does a policy attribute hold an MFA-enforcing Deny? true / false / Unknown. */
function enforces(r: TfResource, attr: string): boolean | Unknown {
  const sts = policyStatements(r.value(attr));
  if (isUnknown(sts)) return sts;
  const denies = (sts ?? []).filter((s) => s.effect === 'Deny');
  if (denies.some((s) => !isUnknown(s.condition) && conditionDeniesWithoutMfa(s.condition))) return true;
  // A Deny whose condition (or the MFA value it tests) is not known may be the enforcing one.
  for (const s of denies) {
    const u = isUnknown(s.condition) ? s.condition : unknownConditionValue(s.condition, MFA_KEYS);
    if (u) return u;
  }
  return false;
}

/**
 * What a user- or group-valued attribute points at: "type.name" references and literal names.
 * Unknown when a literal part cannot be evaluated and nothing is referenced.
 */
function targets(r: TfResource, attr: string, type: string): Set<string> | Unknown {
  const out = new Set([...r.references(attr)].filter((x) => x.startsWith(`${type}.`)));
  const v = asList(r.value(attr) ?? null);
  if (isUnknown(v)) return out.size ? out : v;
  for (const x of v ?? []) if (typeof x === 'string') out.add(`name:${x}`);
  return out;
}

/** The keys a user/group resource is known by: its address and its literal name. */
function keysOf(m: TfModule, type: string, key: Set<string>): Set<string> {
  const out = new Set(key);
  for (const r of m.resourcesOf(type)) {
    const name = r.value('name');
    if (key.has(`${type}.${r.name}`) && typeof name === 'string') out.add(`name:${name}`);
    if (typeof name === 'string' && key.has(`name:${name}`)) out.add(`${type}.${r.name}`);
  }
  return out;
}

const meets = (a: ReadonlySet<string>, b: ReadonlySet<string>) => [...a].some((x) => b.has(x));

export default defineRule({
  id: 'TG-AWS-055',
  name: 'aws-iam-console-user-mfa',
  title: 'IAM users with a console password are covered by an MFA-enforcing policy',
  failTitle: 'IAM user with a console password is not covered by an MFA-enforcing policy',
  kind: 'terraform',
  category: 'identity-mfa',
  controls: ['CC6.6', 'CC6.1'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Console users without enforced MFA are an authentication gap under CC6.1.',
  confidence: 'medium',
  introducedIn: '0.2.0',
  resourceTypes: ['aws_iam_user_login_profile', 'aws_iam_policy', 'aws_iam_user_policy', 'aws_iam_group_policy', 'aws_iam_user_policy_attachment', 'aws_iam_group_policy_attachment', 'aws_iam_user_group_membership', 'aws_iam_group_membership'],
  aliases: ['3ddfa124-6407-4845-a501-179f90c65097'],
  rationale:
    'Terraform cannot enrol an MFA device for a person, but it can make the account useless without one: the standard pattern is a policy that denies everything except MFA self-service while aws:MultiFactorAuthPresent is false. A console user outside such a policy can work with a password alone.',
  controlRationale: {
    'CC6.6': 'Console sign-in from anywhere on the internet needs a second factor before it grants access.',
    'CC6.1': 'Authentication of people does not rest on a password alone.',
  },
  remediation:
    'Attach a policy that denies all actions except the iam:*MFADevice self-service calls when BoolIfExists aws:MultiFactorAuthPresent = "false" to a group every console user belongs to (aws_iam_group_policy or aws_iam_group_policy_attachment plus aws_iam_user_group_membership), or move people to IAM Identity Center with MFA required.',
  defaults:
    'A user counts as covered when an MFA-enforcing Deny statement reaches it in this module: inline (aws_iam_user_policy), attached (aws_iam_user_policy_attachment), or through a group it belongs to. Policies and memberships managed outside the module cannot be seen: then the finding is a prompt to check, not proof.',
  *check(m) {
    const profiles = m.resourcesOf('aws_iam_user_login_profile');
    if (!profiles.length) return;
    let unknown: Unknown | undefined;
    const note = (v: boolean | Unknown) => {
      if (isUnknown(v)) unknown ??= v;
      return v === true;
    };
    // Managed policies that enforce MFA, by address.
    const mfaPolicies = new Set(m.resourcesOf('aws_iam_policy').filter((p) => note(enforces(p, 'policy'))).map((p) => `aws_iam_policy.${p.name}`));
    const attachesMfa = (r: TfResource) => meets(r.references('policy_arn'), mfaPolicies);
    // Groups (by key) with an enforcing policy.
    const groups = new Set<string>();
    const addTargets = (r: TfResource, attr: string, type: string, into: Set<string>) => {
      const t = targets(r, attr, type);
      if (isUnknown(t)) unknown ??= t;
      else for (const k of keysOf(m, type, t)) into.add(k);
    };
    for (const g of m.resourcesOf('aws_iam_group_policy')) if (note(enforces(g, 'policy'))) addTargets(g, 'group', 'aws_iam_group', groups);
    for (const g of m.resourcesOf('aws_iam_group_policy_attachment')) if (attachesMfa(g)) addTargets(g, 'group', 'aws_iam_group', groups);
    const users = new Set<string>();
    for (const u of m.resourcesOf('aws_iam_user_policy')) if (note(enforces(u, 'policy'))) addTargets(u, 'user', 'aws_iam_user', users);
    for (const u of m.resourcesOf('aws_iam_user_policy_attachment')) if (attachesMfa(u)) addTargets(u, 'user', 'aws_iam_user', users);
    for (const gm of m.resourcesOf('aws_iam_user_group_membership')) {
      const g = targets(gm, 'groups', 'aws_iam_group');
      if (isUnknown(g)) unknown ??= g;
      else if (meets(keysOf(m, 'aws_iam_group', g), groups)) addTargets(gm, 'user', 'aws_iam_user', users);
    }
    for (const gm of m.resourcesOf('aws_iam_group_membership')) {
      const g = targets(gm, 'group', 'aws_iam_group');
      if (isUnknown(g)) unknown ??= g;
      else if (meets(keysOf(m, 'aws_iam_group', g), groups)) addTargets(gm, 'users', 'aws_iam_user', users);
    }
    for (const p of profiles) {
      const bl = p.block.range.startLine;
      const u = targets(p, 'user', 'aws_iam_user');
      const ua = p.attr('user');
      if (isUnknown(u)) {
        yield indeterminate(ua?.loc ?? p.headerLoc, `user: ${u.reason}`, bl);
        continue;
      }
      if (meets(keysOf(m, 'aws_iam_user', u), users)) continue;
      if (unknown) {
        yield indeterminate(p.headerLoc, `whether an MFA-enforcing policy reaches this user: ${unknown.reason}`, bl);
        continue;
      }
      const name = p.value('user');
      yield fail(p.headerLoc, `Login profile "${p.name}" gives ${typeof name === 'string' ? `user "${name}"` : 'a user'} a console password, but no policy in this module denies access without MFA for that user or its groups.`, { blockLine: bl });
    }
  },
});
