// IAM: who a policy lets in. AWS policy statements (principals, conditions) as
// core/terraform/policy-document.ts reads them, and Google Cloud IAM members and public grants.
import type { Location, RelatedLocation } from '../../../core/types.js';
import type { AttrRef, TfModule, TfResource } from '../../../core/terraform/model.js';
import { asList, asString, isUnknown, type Unknown, type Value } from '../../../core/terraform/values.js';

// ---- AWS policy documents ----------------------------------------------------------------------

/** Resources whose `policy` attribute is an identity policy (what a user, group or role may do). */
export const IDENTITY_POLICY_TYPES = ['aws_iam_policy', 'aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy'];

export interface IdentityPolicy {
  owner: TfResource;
  attr: AttrRef;
  /** How a message names it: `IAM policy "x"` or `Inline policy of role "r"`. */
  what: string;
  /** The data "aws_iam_policy_document" it comes from, when there is one. */
  related?: RelatedLocation[];
}

/**
 * Every identity policy document of a module: the `policy` of aws_iam_policy and the role / user /
 * group inline policy resources, and the inline_policy blocks of aws_iam_role (dynamic included).
 * The value is the evaluated document (JSON string, jsonencode() result or a policy document's json).
 */
export function* identityPolicies(m: TfModule): Generator<IdentityPolicy> {
  for (const p of m.resourcesOf(...IDENTITY_POLICY_TYPES)) {
    const attr = p.attr('policy');
    if (attr) yield { owner: p, attr, what: `IAM policy "${p.name}"`, related: policyDocSource(m, p, 'policy') };
  }
  for (const r of m.resourcesOf('aws_iam_role'))
    for (const ip of r.blocks('inline_policy')) {
      const attr = ip.attr('policy');
      if (attr) yield { owner: r, attr, what: `Inline policy of role "${r.name}"` };
    }
}

/** The data "aws_iam_policy_document" an attribute refers to, as a related location. */
export function policyDocSource(m: TfModule, owner: TfResource, attr: string): RelatedLocation[] | undefined {
  for (const ref of owner.references(attr)) {
    if (!ref.startsWith('data.aws_iam_policy_document.')) continue;
    const d = m.dataOf('aws_iam_policy_document').find((x) => `data.aws_iam_policy_document.${x.name}` === ref);
    if (d) return [{ message: `policy document "${d.name}"`, location: d.headerLoc }];
  }
  return undefined;
}

/** A service-wide action wildcard ("s3:*", "EC2:*"), not the all-services "*" or a narrower "s3:Get*". */
export const serviceWildcard = (action: string): string | undefined => /^([a-z0-9-]+):\*$/i.exec(action.trim())?.[1].toLowerCase();

/** Principal "*" or {AWS: "*"} (or a list containing "*"): anyone, including anonymous callers. */
export function principalIsWildcard(p: Value): boolean | Unknown {
  if (isUnknown(p)) return p;
  if (p === '*') return true;
  if (p && typeof p === 'object' && !Array.isArray(p)) {
    const aws = (p as Record<string, Value>).AWS;
    if (aws === undefined) return false;
    if (isUnknown(aws)) return aws;
    const l = Array.isArray(aws) ? aws : [aws];
    if (l.includes('*')) return true;
    const u = l.find(isUnknown);
    return u ?? false;
  }
  return false;
}

/** A statement condition that is present and non-empty. */
export const hasCondition = (c: Value): boolean => !!c && typeof c === 'object' && !Array.isArray(c) && Object.keys(c).length > 0;

/** The condition operators/keys of a statement as "Operator:key" lowercase keys → values. */
export function conditionEntries(c: Value): { op: string; key: string; values: Value }[] {
  const out: { op: string; key: string; values: Value }[] = [];
  if (!c || typeof c !== 'object' || Array.isArray(c) || isUnknown(c)) return out;
  for (const [op, inner] of Object.entries(c)) {
    if (!inner || typeof inner !== 'object' || Array.isArray(inner) || isUnknown(inner)) continue;
    for (const [key, values] of Object.entries(inner)) out.push({ op, key: key.toLowerCase(), values });
  }
  return out;
}

/**
 * Condition keys that pin who the caller is: organisation, account, principal, the source resource a
 * service acts for, the network it comes from, the KMS caller account or a third party's external id.
 * A statement with Principal "*" and one of these is not open to everyone.
 */
const RESTRICTING_KEYS = new Set([
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:sourcearn',
  'aws:sourceaccount',
  'aws:sourceowner',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:sourceip',
  'kms:calleraccount',
  'sts:externalid',
  'aws:userid',
]);

/**
 * The first unknown value a condition tests one of `keys` (lowercase) with: the test could go either
 * way, e.g. aws:SecureTransport = "${var.tls}".
 */
export function unknownConditionValue(c: Value, keys: string[]): Unknown | undefined {
  for (const e of conditionEntries(c)) {
    if (!keys.includes(e.key)) continue;
    const u = isUnknown(e.values) ? e.values : Array.isArray(e.values) ? e.values.find(isUnknown) : undefined;
    if (u) return u;
  }
  return undefined;
}

/** Does a statement condition restrict the caller (see RESTRICTING_KEYS)? */
export const conditionRestrictsCaller = (c: Value): boolean => conditionEntries(c).some((e) => RESTRICTING_KEYS.has(e.key));

// ---- Google Cloud IAM members ----------------------------------------------------------------

export const isPublicMember = (m: string) => {
  const t = m.trim();
  return t === 'allUsers' || t === 'allAuthenticatedUsers';
};

/**
 * Members of an *_iam_member (member) or *_iam_binding (members) resource: the attribute and its
 * string members, or an Unknown.
 */
export function iamMembers(r: TfResource): { attr?: AttrRef; members: string[] | Unknown } {
  const a = r.attr('member') ?? r.attr('members');
  if (!a) return { members: [] };
  const l = asList(a.value);
  if (isUnknown(l)) return { attr: a, members: l };
  const out: string[] = [];
  for (const x of l ?? []) {
    if (isUnknown(x)) return { attr: a, members: x };
    if (typeof x === 'string') out.push(x);
  }
  return { attr: a, members: out };
}

/**
 * A member computed from another resource's attribute (a sink's writer_identity, a service account's
 * email or member) is that resource's identity, never allUsers / allAuthenticatedUsers.
 */
const fromResourceIdentity = (u: Unknown) => / is known only after apply$/.test(u.reason);

export interface PublicGrant {
  r: TfResource;
  loc: Location;
  /** "allUsers" / "allAuthenticatedUsers", or Unknown when a member cannot be resolved. */
  member: string | Unknown;
  role?: string;
  related?: { message: string; location: Location }[];
}

/**
 * Public grants in *_iam_member / *_iam_binding resources of `types`, and in *_iam_policy resources
 * whose policy_data comes from a data "google_iam_policy" in the module.
 */
export function publicIamGrants(m: TfModule, memberTypes: string[], policyTypes: string[] = []): PublicGrant[] {
  const out: PublicGrant[] = [];
  for (const r of m.resourcesOf(...memberTypes)) {
    const { attr, members } = iamMembers(r);
    if (!attr) continue;
    const role = asString(r.value('role'));
    const roleS = typeof role === 'string' ? role : undefined;
    if (isUnknown(members)) {
      if (!fromResourceIdentity(members)) out.push({ r, loc: attr.loc, member: members, role: roleS });
      continue;
    }
    const pub = members.find(isPublicMember);
    if (pub) out.push({ r, loc: attr.loc, member: pub, role: roleS });
  }
  for (const r of m.resourcesOf(...policyTypes)) {
    const pd = r.attr('policy_data');
    if (!pd) continue;
    const refs = [...r.references('policy_data')].filter((x) => x.startsWith('data.google_iam_policy.'));
    const docs = m.dataOf('google_iam_policy').filter((d) => refs.includes(`data.google_iam_policy.${d.name}`));
    for (const d of docs) {
      for (const b of d.blocks('binding')) {
        const ma = b.attr('members');
        if (!ma) continue;
        const l = asList(ma.value);
        const role = asString(b.value('role'));
        const related = [{ message: `${r.resourceType} "${r.name}" applies this policy`, location: r.headerLoc }];
        if (isUnknown(l)) {
          if (!fromResourceIdentity(l)) out.push({ r, loc: ma.loc, member: l, related });
          continue;
        }
        const u = (l ?? []).find((x): x is Unknown => isUnknown(x) && !fromResourceIdentity(x));
        const pub = (l ?? []).find((x): x is string => typeof x === 'string' && isPublicMember(x));
        if (pub) out.push({ r, loc: ma.loc, member: pub, role: typeof role === 'string' ? role : undefined, related });
        else if (u) out.push({ r, loc: ma.loc, member: u, related });
      }
    }
  }
  return out;
}

// ---- AWS MFA conditions --------------------------------------------------------------------------

/** The condition keys that test MFA (lowercase, as conditionEntries gives them). */
export const MFA_KEYS = ['aws:multifactorauthpresent', 'aws:multifactorauthage'];

const isTrueish = (v: Value) => v === true || (typeof v === 'string' && v.toLowerCase() === 'true');
const isFalseish = (v: Value) => v === false || (typeof v === 'string' && v.toLowerCase() === 'false');
const valuesOf = (v: Value): Value[] => (Array.isArray(v) ? v : [v]);

/**
 * An Allow condition that admits only MFA-authenticated sessions: Bool aws:MultiFactorAuthPresent =
 * true, or any non-IfExists test on aws:MultiFactorAuthAge (the key is absent without MFA, so the
 * test fails). BoolIfExists ... = true does NOT count: it passes when the key is absent.
 */
export function conditionRequiresMfa(c: Value): boolean {
  return conditionEntries(c).some(
    (e) =>
      (e.key === 'aws:multifactorauthpresent' && e.op.toLowerCase() === 'bool' && valuesOf(e.values).some(isTrueish)) ||
      (e.key === 'aws:multifactorauthage' && !/ifexists$/i.test(e.op) && e.op.toLowerCase() !== 'null'),
  );
}

/** A Deny condition that fires for sessions without MFA (the "force MFA" policy pattern). */
export function conditionDeniesWithoutMfa(c: Value): boolean {
  return conditionEntries(c).some(
    (e) =>
      e.key === 'aws:multifactorauthpresent' &&
      ((/^bool(ifexists)?$/i.test(e.op) && valuesOf(e.values).some(isFalseish)) || (e.op.toLowerCase() === 'null' && valuesOf(e.values).some(isTrueish))),
  );
}
