import { defineRule } from '../../../core/rule.js';
import { requireBool } from '../_lib/attributes.js';
import { ebsEncryptedByDefault, sourceSnapshotEncrypted } from '../_lib/aws-ebs.js';

export default defineRule({
  id: 'TG-AWS-060',
  name: 'aws-ebs-snapshot-encryption',
  title: 'EBS snapshot copies are encrypted',
  failTitle: 'EBS snapshot copy is not encrypted',
  kind: 'terraform',
  category: 'encryption-at-rest',
  controls: ['CC6.1', 'C1.1'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'An unencrypted copy of a disk snapshot is data at rest without encryption, often shared or moved to another region.',
  confidence: 'high',
  introducedIn: '0.2.0',
  resourceTypes: ['aws_ebs_snapshot_copy', 'aws_ebs_snapshot', 'aws_ebs_volume', 'aws_ebs_encryption_by_default'],
  rationale:
    'A snapshot holds a whole disk. Copies are made to move data to another region or account, exactly where it leaves the controls of the original; an unencrypted copy can be shared or restored by anyone with EC2 permissions there, with no key policy in the way.',
  controlRationale: {
    'CC6.1': 'Disk images are encrypted with keys whose use is access-controlled and logged.',
    'C1.1': 'Confidential data copied across regions or accounts stays encrypted.',
  },
  remediation: 'Set encrypted = true on aws_ebs_snapshot_copy (optionally with kms_key_id), or enable aws_ebs_encryption_by_default in the destination account and region.',
  defaults:
    'encrypted defaults to false. A copy passes when its source snapshot is known to be encrypted (a snapshot of an encrypted volume, or an encrypted copy, in the same module), or when aws_ebs_encryption_by_default is enabled in the module. Snapshots taken with aws_ebs_snapshot inherit their volume\'s encryption, which TG-AWS-008 judges.',
  *check(m) {
    if (ebsEncryptedByDefault(m)) return;
    for (const c of m.resourcesOf('aws_ebs_snapshot_copy')) {
      if (sourceSnapshotEncrypted(m, c, 'source_snapshot_id')) continue;
      yield* requireBool(c, 'encrypted', true, {
        bad: `EBS snapshot copy "${c.name}" is not encrypted (encrypted = false).`,
        missing: `EBS snapshot copy "${c.name}" does not set encrypted = true (it is encrypted only if its source snapshot is).`,
        fix: true,
      });
    }
  },
});
