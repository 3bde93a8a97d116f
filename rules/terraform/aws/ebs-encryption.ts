import { defineRule, indeterminate } from '../../../core/rule.js';
import type { TfBody } from '../../../core/terraform/model.js';
import { isUnknown } from '../../../core/terraform/values.js';
import { ebsEncryptedByDefault } from '../_lib/aws-ebs.js';
import { requireBool } from '../_lib/attributes.js';

export default defineRule({
  id: 'TG-AWS-008',
  name: 'aws-ebs-encryption',
  title: 'EBS volumes are encrypted',
  failTitle: 'EBS volume is not encrypted',
  kind: 'terraform',
  category: 'encryption-at-rest',
  controls: ['CC6.1', 'PI1.5'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Unencrypted EBS volumes are data at rest without encryption.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['aws_ebs_volume', 'aws_instance', 'aws_launch_template', 'aws_launch_configuration', 'aws_ebs_encryption_by_default'],
  aliases: ['CKV_AWS_3', 'CKV_AWS_8', 'CKV_AWS_106', 'AVD-AWS-0026', 'AVD-AWS-0131', 'AVD-AWS-0008', 'cc997676-481b-4e93-aa81-d19f8c5e9b12', '3d3f6270-546b-443c-adb4-bb6fb2187ca6'],
  rationale:
    'Unencrypted EBS volumes and their snapshots expose data to anyone who can copy or share a snapshot. Encryption ties every read to a KMS key whose use is controlled and logged.',
  controlRationale: {
    'CC6.1': 'Volume data and snapshots are encrypted with keys whose use is access-controlled.',
    'PI1.5': 'Stored data is protected from disclosure and tampering outside the instance.',
  },
  remediation: 'Set encrypted = true on the volume or block device (optionally with kms_key_id), or enable aws_ebs_encryption_by_default for the account and region.',
  defaults:
    'encrypted defaults to false. A volume created from a snapshot inherits the snapshot\'s encryption (indeterminate). When aws_ebs_encryption_by_default is enabled in the same configuration every volume passes. Block devices not declared (AMI mappings) are not judged.',
  *check(m) {
    const defaults = m.resourcesOf('aws_ebs_encryption_by_default');
    for (const d of defaults)
      yield* requireBool(d, 'enabled', true, { dflt: true, bad: `aws_ebs_encryption_by_default "${d.name}" turns account-wide EBS encryption off.`, missing: '', fix: true });
    if (ebsEncryptedByDefault(m)) return;
    const dev = function* (b: TfBody, what: string, blockLine: number) {
      if (!b.get('encrypted') && b.get('snapshot_id')) {
        const s = b.get('snapshot_id')!;
        if (!isUnknown(s.value) && s.value === null) {
          /* no snapshot */
        } else {
          yield indeterminate(s.loc, `${what} is created from a snapshot and inherits its encryption`, blockLine);
          return;
        }
      }
      yield* requireBool(b, 'encrypted', true, { bad: `${what} is not encrypted.`, missing: `${what} does not set encrypted = true.`, blockLine, fix: true });
    };
    for (const v of m.resourcesOf('aws_ebs_volume')) yield* dev(v, `EBS volume "${v.name}"`, v.block.range.startLine);
    for (const i of m.resourcesOf('aws_instance', 'aws_launch_configuration')) {
      for (const t of ['root_block_device', 'ebs_block_device'])
        for (const b of i.blocks(t)) yield* dev(b, `The ${t} of "${i.name}"`, i.block.range.startLine);
    }
    for (const lt of m.resourcesOf('aws_launch_template')) {
      for (const bdm of lt.blocks('block_device_mappings'))
        for (const ebs of bdm.blocks('ebs')) yield* dev(ebs, `An EBS block device of launch template "${lt.name}"`, lt.block.range.startLine);
    }
  },
});
