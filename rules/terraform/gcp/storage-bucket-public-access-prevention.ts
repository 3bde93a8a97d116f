import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import type { TfModule } from '../../../core/terraform/model.js';
import { asString, isUnknown } from '../../../core/terraform/values.js';
import { literalFix } from '../_lib/fixes.js';

const ORG_POLICY = ['google_org_policy_policy', 'google_project_organization_policy', 'google_folder_organization_policy', 'google_organization_policy'];

/** An org policy in this configuration that enforces storage.publicAccessPrevention. */
function orgPolicyEnforces(m: TfModule): boolean {
  return m.resourcesOf(...ORG_POLICY).some((p) => {
    const n = asString(p.value('constraint') ?? p.value('name') ?? null);
    return typeof n === 'string' && n.includes('storage.publicAccessPrevention');
  });
}

export default defineRule({
  id: 'TG-GCP-021',
  name: 'gcp-storage-bucket-public-access-prevention',
  title: 'Cloud Storage bucket enforces public access prevention',
  failTitle: 'Cloud Storage bucket does not enforce public access prevention',
  kind: 'terraform',
  category: 'access-control',
  controls: ['CC6.1', 'CC6.6', 'C1.1'],
  severity: 'low',
  persona: 'pedantic',
  personaRationale: 'Public access prevention is a guard rail; a bucket without it is not public by itself.',
  confidence: 'medium',
  introducedIn: '0.1.0',
  resourceTypes: ['google_storage_bucket', ...ORG_POLICY],
  aliases: ['CKV_GCP_114'],
  rationale:
    'Public access prevention makes Cloud Storage refuse any IAM binding or ACL that would grant access to allUsers or allAuthenticatedUsers, so a later mistake cannot publish the bucket.',
  controlRationale: {
    'CC6.1': 'It enforces that bucket access is only ever granted to identified principals.',
    'CC6.6': 'It blocks the creation of anonymous internet access paths to stored data.',
    'C1.1': 'It protects confidential objects from accidental publication.',
  },
  remediation: 'Set public_access_prevention = "enforced" on the bucket, or enforce the storage.publicAccessPrevention organization policy constraint.',
  defaults:
    'public_access_prevention defaults to "inherited" (enforced only when the storage.publicAccessPrevention organization policy applies). A bucket is reported when it is not "enforced" and no organization policy resource in the configuration sets that constraint.',
  *check(m) {
    if (orgPolicyEnforces(m)) return;
    for (const b of m.resourcesOf('google_storage_bucket')) {
      const bl = b.block.range.startLine;
      const a = b.attr('public_access_prevention');
      if (a && a.value !== null) {
        const v = asString(a.value);
        if (isUnknown(v)) yield indeterminate(a.loc, `public_access_prevention: ${v.reason}`, bl);
        else if (v !== 'enforced')
          yield fail(a.loc, `Bucket "${b.name}" does not enforce public access prevention (public_access_prevention = "${v}").`, { blockLine: bl, fixes: literalFix(a, 'Set public_access_prevention = "enforced"', '"enforced"') });
        continue;
      }
      if (b.hasError) continue;
      yield fail(b.headerLoc, `Bucket "${b.name}" does not enforce public access prevention, so it can still be made public.`, { blockLine: bl });
    }
  },
});
