// EBS encryption shared by the volume, snapshot and AMI rules.
import type { TfBody, TfModule } from '../../../core/terraform/model.js';
import { asBool } from '../../../core/terraform/values.js';

/**
 * aws_ebs_encryption_by_default is enabled in the module (enabled defaults to true): every new
 * volume and every snapshot or AMI copy in that account and region is encrypted.
 */
export const ebsEncryptedByDefault = (m: TfModule): boolean => m.resourcesOf('aws_ebs_encryption_by_default').some((d) => asBool(d.value('enabled') ?? true) === true);

/**
 * The snapshot an attribute refers to (aws_ebs_snapshot.x.id, aws_ebs_snapshot_copy.x.id) is known to
 * be encrypted: a copy with encrypted = true, or a snapshot of a volume with encrypted = true. A copy
 * of an encrypted snapshot is always encrypted, whatever it sets.
 */
export function sourceSnapshotEncrypted(m: TfModule, r: TfBody, attr: string, depth = 0): boolean {
  if (depth > 4) return false;
  const refs = r.references(attr);
  const hit = (type: string) => m.resourcesOf(type).filter((x) => refs.has(`${type}.${x.name}`));
  for (const c of hit('aws_ebs_snapshot_copy')) if (asBool(c.value('encrypted') ?? false) === true || sourceSnapshotEncrypted(m, c, 'source_snapshot_id', depth + 1)) return true;
  for (const s of hit('aws_ebs_snapshot')) {
    const vrefs = s.references('volume_id');
    if (m.resourcesOf('aws_ebs_volume').some((v) => vrefs.has(`aws_ebs_volume.${v.name}`) && asBool(v.value('encrypted') ?? false) === true)) return true;
  }
  return false;
}
