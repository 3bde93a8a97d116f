import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { policyStatements } from '../../../core/terraform/policy-document.js';
import { isObject, isUnknown, type Unknown, type Value } from '../../../core/terraform/values.js';
import { MFA_KEYS, conditionEntries, conditionRequiresMfa, unknownConditionValue } from '../_lib/iam.js';

/** Conditions that pin the caller to automation (a third party's external id, named roles), not people. */
const AUTOMATION_KEYS = new Set(['sts:externalid', 'aws:sourcearn', 'aws:sourceaccount']);

/** An AWS principal people sign in as: an account (its root or bare id, i.e. any IAM user it allows) or an IAM user. */
function humanPrincipal(p: string): string | undefined {
  if (/^\d{12}$/.test(p) || /^arn:aws[a-z-]*:iam::\d{12}:root$/.test(p)) return `account ${/\d{12}/.exec(p)![0]}`;
  if (/^arn:aws[a-z-]*:iam::\d{12}:user\//.test(p)) return `IAM user ${p.slice(p.indexOf(':user/') + 6)}`;
  return undefined;
}

/** Human principals of a statement's Principal, or an Unknown. */
function humans(principal: Value): string[] | Unknown {
  if (isUnknown(principal)) return principal;
  if (!isObject(principal)) return [];
  const aws = principal.AWS;
  if (aws === undefined) return [];
  if (isUnknown(aws)) return aws;
  const out: string[] = [];
  for (const x of Array.isArray(aws) ? aws : [aws]) {
    if (isUnknown(x)) return x;
    const h = typeof x === 'string' ? humanPrincipal(x) : undefined;
    if (h) out.push(h);
  }
  return out;
}

export default defineRule({
  id: 'TG-AWS-054',
  name: 'aws-iam-human-role-mfa',
  title: 'Roles that people assume from an account or IAM user require MFA',
  failTitle: 'Role that people assume from an account or IAM user does not require MFA',
  kind: 'terraform',
  category: 'identity-mfa',
  controls: ['CC6.6', 'CC6.1'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Human access to roles without MFA is an authentication gap under CC6.1.',
  confidence: 'medium',
  introducedIn: '0.2.0',
  resourceTypes: ['aws_iam_role'],
  rationale:
    'A role trusted by an account (its root or id) or by an IAM user is assumed with that user\'s long-lived credentials. Without an aws:MultiFactorAuthPresent or aws:MultiFactorAuthAge condition, a leaked password or access key is enough to obtain the role and everything it can do.',
  controlRationale: {
    'CC6.6': 'Access to privileged roles requires a second factor, not only a password or key.',
    'CC6.1': 'Role assumption is restricted to authenticated people who proved possession of their MFA device.',
  },
  remediation:
    'Add a condition to the trust statement: Bool aws:MultiFactorAuthPresent = "true" (or NumericLessThan aws:MultiFactorAuthAge = "3600"). For automation in another account, pin the caller with sts:ExternalId or name the role ARN instead of the account root.',
  defaults:
    'Only statements whose AWS principal is an account (root ARN or bare id) or an IAM user are judged. Service, SAML and web-identity (OIDC) principals are not: MFA for federated sign-in is enforced by the identity provider, which Terraform for AWS does not show. Statements pinned by sts:ExternalId, aws:SourceArn or aws:SourceAccount are treated as automation. BoolIfExists aws:MultiFactorAuthPresent = true does not count, since it passes for access keys.',
  *check(m) {
    for (const r of m.resourcesOf('aws_iam_role')) {
      const a = r.attr('assume_role_policy');
      if (!a) continue;
      const bl = r.block.range.startLine;
      const sts = policyStatements(a.value);
      if (isUnknown(sts)) {
        yield indeterminate(a.loc, `assume_role_policy: ${sts.reason}`, bl);
        continue;
      }
      for (const s of sts ?? []) {
        if (s.effect !== 'Allow') continue;
        if (s.actions.length && !s.actions.some((x) => /^sts:(AssumeRole|\*)$/i.test(x) || x === '*')) continue;
        const who = humans(s.principals);
        if (isUnknown(who)) {
          yield indeterminate(a.loc, `trust principal: ${who.reason}`, bl);
          break;
        }
        if (!who.length) continue;
        if (isUnknown(s.condition)) {
          yield indeterminate(a.loc, `trust condition: ${s.condition.reason}`, bl);
          break;
        }
        if (conditionRequiresMfa(s.condition)) continue;
        const mfa = unknownConditionValue(s.condition, MFA_KEYS);
        if (mfa) {
          yield indeterminate(a.loc, `trust condition: ${mfa.reason}`, bl);
          break;
        }
        if (conditionEntries(s.condition).some((c) => AUTOMATION_KEYS.has(c.key))) continue;
        yield fail(a.loc, `Role "${r.name}" can be assumed by ${who[0]} without MFA (no aws:MultiFactorAuthPresent or aws:MultiFactorAuthAge condition).`, { blockLine: bl });
        break;
      }
    }
  },
});
