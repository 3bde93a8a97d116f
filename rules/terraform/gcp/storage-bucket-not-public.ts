import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asList, asString, isUnknown } from '../../../core/terraform/values.js';
import { isPublicMember, publicIamGrants } from '../_lib/iam.js';

const IAM = ['google_storage_bucket_iam_member', 'google_storage_bucket_iam_binding'];
const POLICY = ['google_storage_bucket_iam_policy'];
const ACL_ENTITY = ['google_storage_bucket_access_control', 'google_storage_default_object_access_control', 'google_storage_object_access_control'];
const ACL_LIST = ['google_storage_bucket_acl', 'google_storage_default_object_acl', 'google_storage_object_acl'];

export default defineRule({
  id: 'TG-GCP-001',
  name: 'gcp-storage-bucket-not-public',
  title: 'Cloud Storage bucket is not granted to allUsers or allAuthenticatedUsers',
  failTitle: 'Cloud Storage bucket is granted to allUsers or allAuthenticatedUsers',
  kind: 'terraform',
  category: 'access-control',
  controls: ['CC6.1', 'CC6.6', 'C1.1'],
  severity: 'critical',
  persona: 'regular',
  personaRationale: 'A public bucket exposes data to everyone.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: [...IAM, ...POLICY, ...ACL_ENTITY, ...ACL_LIST],
  aliases: ['CKV_GCP_28', 'AVD-GCP-0001', 'c010082c-76e0-4b91-91d9-6e8439e455dd', 'a6cd52a1-3056-4910-96a5-894de9f3f3b3'],
  rationale:
    'allUsers means anyone on the internet and allAuthenticatedUsers means anyone with any Google account; a role or ACL granted to either makes the bucket\'s objects (and sometimes its listing or write access) public.',
  controlRationale: {
    'CC6.1': 'Granting bucket access only to named identities keeps logical access restricted to authorised users.',
    'CC6.6': 'It removes an anonymous internet-facing path to the stored data.',
    'C1.1': 'It keeps confidential objects from being published to the internet.',
  },
  remediation:
    'Grant roles to specific users, groups or service accounts instead of allUsers / allAuthenticatedUsers, set public_access_prevention = "enforced" on the bucket, and serve public content through a load balancer or CDN with signed URLs where needed.',
  defaults: 'Buckets are private unless an IAM member/binding/policy or an ACL grants access to allUsers or allAuthenticatedUsers.',
  *check(m) {
    for (const g of publicIamGrants(m, IAM, POLICY)) {
      const bl = g.r.block.range.startLine;
      if (isUnknown(g.member)) {
        yield indeterminate(g.loc, `members: ${g.member.reason}`, bl);
        continue;
      }
      yield fail(g.loc, `${g.r.resourceType} "${g.r.name}" grants ${g.role ?? 'a role'} on the bucket to ${g.member}, making it public.`, { blockLine: bl, related: g.related });
    }
    for (const r of m.resourcesOf(...ACL_ENTITY)) {
      const a = r.attr('entity');
      if (!a) continue;
      const v = asString(a.value);
      if (isUnknown(v)) yield indeterminate(a.loc, `entity: ${v.reason}`, r.block.range.startLine);
      else if (v && isPublicMember(v)) yield fail(a.loc, `${r.resourceType} "${r.name}" grants access to ${v}, making the data public.`, { blockLine: r.block.range.startLine });
    }
    for (const r of m.resourcesOf(...ACL_LIST)) {
      const a = r.attr('role_entity');
      if (!a) {
        const pre = asString(r.value('predefined_acl'));
        const pa = r.attr('predefined_acl');
        if (pa && typeof pre === 'string' && /^public/i.test(pre)) yield fail(pa.loc, `${r.resourceType} "${r.name}" applies the ${pre} predefined ACL, making the data public.`, { blockLine: r.block.range.startLine });
        continue;
      }
      const l = asList(a.value);
      if (isUnknown(l)) {
        yield indeterminate(a.loc, `role_entity: ${l.reason}`, r.block.range.startLine);
        continue;
      }
      const pub = (l ?? []).find((x) => typeof x === 'string' && isPublicMember(x.split(':').pop() ?? ''));
      if (pub) yield fail(a.loc, `${r.resourceType} "${r.name}" grants ${String(pub)}, making the data public.`, { blockLine: r.block.range.startLine });
    }
  },
});
