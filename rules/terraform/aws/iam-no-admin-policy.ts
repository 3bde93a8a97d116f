import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import type { AttrRef, TfResource } from '../../../core/terraform/model.js';
import { policyStatements, type PolicyStatement } from '../../../core/terraform/policy-document.js';
import { asList, isUnknown } from '../../../core/terraform/values.js';
import { IDENTITY_POLICY_TYPES, identityPolicies, type IdentityPolicy } from '../_lib/iam.js';

const ADMIN_ARN = /^arn:aws[a-z-]*:iam::aws:policy\/AdministratorAccess$/;
const ATTACH_TYPES = ['aws_iam_role_policy_attachment', 'aws_iam_user_policy_attachment', 'aws_iam_group_policy_attachment', 'aws_iam_policy_attachment'];

/**
 * When the ARN value is unknown, its expression may still tell: a customer managed policy
 * (aws_iam_policy.x.arn) is never AdministratorAccess, and "arn:${partition}:iam::aws:policy/Name"
 * names the policy literally.
 */
function adminFromExpression(owner: TfResource, a: AttrRef): boolean | undefined {
  const refs = [...owner.references(a.name)];
  if (a.expr.t === 'ref' && refs.length === 1 && refs[0].startsWith('aws_iam_policy.')) return false;
  if (a.expr.t === 'tmpl') {
    const text = a.expr.parts.map((p) => (typeof p === 'string' ? p : '\u0000')).join('');
    const mm = /:policy\/([^\u0000]+)$/.exec(text);
    if (mm) return mm[1] === 'AdministratorAccess';
  }
  return undefined;
}

export default defineRule({
  id: 'TG-AWS-033',
  name: 'aws-iam-no-admin-policy',
  title: 'IAM policies do not grant full administrator access',
  failTitle: 'IAM policy grants full administrator access',
  kind: 'terraform',
  category: 'access-control',
  controls: ['CC6.3', 'CC6.1', 'CC1.3'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Administrator policies are excessive access, the classic least-privilege finding.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: [...IDENTITY_POLICY_TYPES, 'aws_iam_role', ...ATTACH_TYPES],
  aliases: ['CKV_AWS_62', 'CKV_AWS_274', 'AVD-AWS-0057', '2f37c4a3-58b9-4afe-8a87-d7f1d2286f84', '575a2155-6af1-4026-b1af-d5bc8fe2a904'],
  options: {
    allowedPrincipals: { type: 'array', items: { type: 'string' }, default: [], description: 'Roles, users or groups (Terraform name or IAM name) that may hold administrator access, e.g. a break-glass role.' },
  },
  rationale: 'A statement allowing every action on every resource, or the AdministratorAccess managed policy, gives its holder the whole account: it defeats least privilege and segregation of duties, and makes any credential leak a full compromise.',
  controlRationale: {
    'CC6.3': 'Access is granted per role with least privilege instead of blanket administration.',
    'CC6.1': 'The blast radius of one identity is limited to what it needs.',
    'CC1.3': 'Administrative authority is assigned deliberately to a few break-glass roles, not spread across policies.',
  },
  remediation: 'Replace "*" with the actions and resources the workload needs (IAM Access Analyzer can generate a policy from CloudTrail). Keep AdministratorAccess for a break-glass role listed in the rule option allowedPrincipals.',
  defaults: 'Statements without Effect are Allow. Attachments to principals named in the option allowedPrincipals are not reported.',
  *check(m, ctx) {
    const allowed = new Set(ctx.options.allowedPrincipals);
    function* judge({ attr: a, owner, what, related }: IdentityPolicy) {
      const sts = policyStatements(a.value);
      if (isUnknown(sts)) {
        yield indeterminate(a.loc, `policy: ${sts.reason}`, owner.block.range.startLine);
        return;
      }
      const allows = (sts ?? []).filter((s) => s.effect === 'Allow');
      const everyAction = (s: PolicyStatement) => s.actions.some((x) => x === '*' || x === '*:*');
      const admin = allows.find((s) => everyAction(s) && s.resources.includes('*'));
      if (admin) {
        yield fail(a.loc, `${what} allows every action ("*") on every resource ("*").`, { blockLine: owner.block.range.startLine, related });
        return;
      }
      // Undecided only when the unknown part could make it admin: every action possibly "*" and every resource possibly "*".
      const maybe = allows.find((s) => (everyAction(s) || s.unknown.actions) && (s.resources.includes('*') || s.unknown.resources));
      if (maybe) {
        const why = maybe.unknown.actions ? 'its actions are not known statically' : 'it allows every action ("*") on a resource that is not known statically';
        yield indeterminate(a.loc, `${what} may allow every action on every resource: ${why}`, owner.block.range.startLine);
      }
    }
    for (const p of identityPolicies(m)) yield* judge(p);
    for (const r of m.resourcesOf('aws_iam_role')) {
      const mp = r.attr('managed_policy_arns');
      if (!mp) continue;
      const l = asList(mp.value);
      if (isUnknown(l)) continue;
      const name = r.value('name');
      if (typeof name === 'string' && allowed.has(name)) continue;
      if (l?.some((x) => typeof x === 'string' && ADMIN_ARN.test(x))) yield fail(mp.loc, `Role "${r.name}" has the AdministratorAccess managed policy.`, { blockLine: r.block.range.startLine });
    }
    for (const at of m.resourcesOf(...ATTACH_TYPES)) {
      const arn = at.attr('policy_arn');
      if (!arn) continue;
      if (isUnknown(arn.value)) {
        const known = adminFromExpression(at, arn);
        if (known === false) continue;
        if (known === undefined) {
          yield indeterminate(arn.loc, `policy_arn: ${arn.value.reason}`, at.block.range.startLine);
          continue;
        }
      } else if (typeof arn.value !== 'string' || !ADMIN_ARN.test(arn.value)) continue;
      const who = ['role', 'user', 'group', 'roles', 'users', 'groups'].flatMap((k) => {
        const v = at.value(k);
        return v === undefined || isUnknown(v) ? [] : Array.isArray(v) ? v : [v];
      });
      if (who.length && who.every((w) => typeof w === 'string' && allowed.has(w))) continue;
      yield fail(arn.loc, `Attachment "${at.name}" grants the AdministratorAccess managed policy.`, { blockLine: at.block.range.startLine });
    }
  },
});
