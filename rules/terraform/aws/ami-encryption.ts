import { defineRule, indeterminate } from '../../../core/rule.js';
import { requireBool } from '../_lib/attributes.js';
import { ebsEncryptedByDefault, sourceSnapshotEncrypted } from '../_lib/aws-ebs.js';

export default defineRule({
  id: 'TG-AWS-061',
  name: 'aws-ami-encryption',
  title: 'AMIs and AMI copies are encrypted',
  failTitle: 'AMI or AMI copy is not encrypted',
  kind: 'terraform',
  category: 'encryption-at-rest',
  controls: ['CC6.1', 'C1.1'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'An unencrypted machine image is stored disk data without encryption, and images are the artefact most often shared between accounts.',
  confidence: 'high',
  introducedIn: '0.2.0',
  resourceTypes: ['aws_ami', 'aws_ami_copy', 'aws_ebs_snapshot', 'aws_ebs_snapshot_copy', 'aws_ebs_encryption_by_default'],
  aliases: ['CKV_AWS_204', 'CKV_AWS_235'],
  rationale:
    'An AMI is a set of disk snapshots: application code, configuration and often credentials baked into the image. Unencrypted, it can be shared with or copied to other accounts without any key policy deciding who may read it.',
  controlRationale: {
    'CC6.1': 'Machine images are encrypted with keys whose use is access-controlled and logged.',
    'C1.1': 'Confidential data baked into images stays encrypted when images are copied or shared.',
  },
  remediation: 'Set encrypted = true on every ebs_block_device of aws_ami that is not created from a snapshot, and on aws_ami_copy (optionally with kms_key_id); or enable aws_ebs_encryption_by_default for the account and region.',
  defaults:
    'encrypted defaults to false. A block device created from a snapshot (snapshot_id) has the snapshot\'s encryption: it passes when that snapshot is known to be encrypted in the module and is indeterminate otherwise. aws_ami_copy is encrypted when its source AMI is; aws_ebs_encryption_by_default in the module makes everything pass.',
  *check(m) {
    if (ebsEncryptedByDefault(m)) return;
    for (const ami of m.resourcesOf('aws_ami')) {
      const blockLine = ami.block.range.startLine;
      for (const d of ami.blocks('ebs_block_device')) {
        const snap = d.attr('snapshot_id');
        if (snap && snap.value !== null && !d.attr('encrypted')) {
          if (!sourceSnapshotEncrypted(m, d, 'snapshot_id'))
            yield indeterminate(snap.loc, `a block device of AMI "${ami.name}" is created from a snapshot and has its encryption`, blockLine);
          continue;
        }
        yield* requireBool(d, 'encrypted', true, {
          bad: `A block device of AMI "${ami.name}" is not encrypted (encrypted = false).`,
          missing: `A block device of AMI "${ami.name}" does not set encrypted = true.`,
          blockLine,
          fix: true,
        });
      }
    }
    for (const c of m.resourcesOf('aws_ami_copy'))
      yield* requireBool(c, 'encrypted', true, {
        bad: `AMI copy "${c.name}" is not encrypted (encrypted = false).`,
        missing: `AMI copy "${c.name}" does not set encrypted = true (it is encrypted only if its source AMI is).`,
        fix: true,
      });
  },
});
