import { defineRule } from '../../../core/rule.js';
import { requireBool } from '../_lib/attributes.js';

export default defineRule({
  id: 'TG-GCP-002',
  name: 'gcp-storage-bucket-uniform-access',
  title: 'Cloud Storage bucket uses uniform bucket-level access',
  failTitle: 'Cloud Storage bucket does not use uniform bucket-level access',
  kind: 'terraform',
  category: 'access-control',
  controls: ['CC6.1', 'PI1.4'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Fine-grained ACLs bypass IAM and make access reviews unreliable.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['google_storage_bucket'],
  aliases: ['CKV_GCP_29', 'AVD-GCP-0002', 'bb0db090-5509-4853-a827-75ced0b3caa0'],
  rationale:
    'With fine-grained ACLs, every object can carry its own permissions, so access to a bucket cannot be reviewed from its IAM policy alone and a single object can be made public unnoticed. Uniform bucket-level access makes IAM the only access mechanism.',
  controlRationale: {
    'CC6.1': 'One IAM policy per bucket makes access restrictions reviewable and consistently enforced.',
    'PI1.4': 'Stored output is protected by a single, auditable access policy rather than per-object ACLs.',
  },
  remediation: 'Set uniform_bucket_level_access = true (bucket_policy_only on provider v2 and earlier).',
  defaults: 'uniform_bucket_level_access defaults to false (object ACLs enabled), so an omitted value is reported.',
  *check(m) {
    for (const b of m.resourcesOf('google_storage_bucket'))
      yield* requireBool(b, ['uniform_bucket_level_access', 'bucket_policy_only'], true, {
        dflt: false,
        bad: `Bucket "${b.name}" turns uniform bucket-level access off, so per-object ACLs can grant access outside IAM.`,
        missing: `Bucket "${b.name}" does not enable uniform bucket-level access, so per-object ACLs can grant access outside IAM.`,
        fix: true,
      });
  },
});
