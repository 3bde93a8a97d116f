import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { isUnknown } from '../../../core/terraform/values.js';
import { publicIamGrants } from '../_lib/iam.js';

const MEMBER = ['google_kms_crypto_key_iam_member', 'google_kms_crypto_key_iam_binding', 'google_kms_key_ring_iam_member', 'google_kms_key_ring_iam_binding'];
const POLICY = ['google_kms_crypto_key_iam_policy', 'google_kms_key_ring_iam_policy'];

export default defineRule({
  id: 'TG-GCP-016',
  name: 'gcp-kms-key-not-public',
  title: 'Cloud KMS keys and key rings are not granted to allUsers or allAuthenticatedUsers',
  failTitle: 'Cloud KMS key or key ring is granted to allUsers or allAuthenticatedUsers',
  kind: 'terraform',
  category: 'access-control',
  controls: ['CC6.1', 'C1.1'],
  severity: 'critical',
  persona: 'regular',
  personaRationale: 'A public key grants cryptographic operations to everyone.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: [...MEMBER, ...POLICY],
  aliases: ['CKV2_GCP_6'],
  rationale:
    'A KMS role granted to allUsers or allAuthenticatedUsers lets anyone on the internet (or any Google account) use or manage the key, which defeats the encryption of everything it protects.',
  controlRationale: {
    'CC6.1': 'Key access restricted to named identities is the core of protecting encryption keys.',
    'C1.1': 'It keeps confidential data encrypted with the key out of reach of unauthorised parties.',
  },
  remediation: 'Grant KMS roles to specific service accounts or groups; remove allUsers and allAuthenticatedUsers.',
  defaults: 'Keys are private unless an IAM member, binding or policy names allUsers or allAuthenticatedUsers.',
  *check(m) {
    for (const g of publicIamGrants(m, MEMBER, POLICY)) {
      const bl = g.r.block.range.startLine;
      if (isUnknown(g.member)) yield indeterminate(g.loc, `members: ${g.member.reason}`, bl);
      else yield fail(g.loc, `${g.r.resourceType} "${g.r.name}" grants ${g.role ?? 'a role'} to ${g.member}, making the key usable by anyone.`, { blockLine: bl, related: g.related });
    }
  },
});
