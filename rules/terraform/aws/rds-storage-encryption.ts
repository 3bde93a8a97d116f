import { defineRule, indeterminate } from '../../../core/rule.js';
import { isUnknown } from '../../../core/terraform/values.js';
import { requireBool } from '../_lib/attributes.js';

export default defineRule({
  id: 'TG-AWS-009',
  name: 'aws-rds-storage-encryption',
  title: 'RDS instances and clusters encrypt their storage',
  failTitle: 'RDS instance or cluster storage is not encrypted',
  kind: 'terraform',
  category: 'encryption-at-rest',
  controls: ['CC6.1', 'PI1.5', 'C1.1'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Unencrypted databases are data at rest without encryption.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['aws_db_instance', 'aws_rds_cluster', 'aws_docdb_cluster', 'aws_neptune_cluster'],
  aliases: ['CKV_AWS_16', 'CKV_AWS_96', 'AVD-AWS-0080', 'AVD-AWS-0079', '08bd0760-8752-44e1-9779-7bb369b2b4e4', '3199c26c-7871-4cb3-99c2-10a59244ce7f'],
  rationale:
    'Database storage, automated backups, read replicas and snapshots are only encrypted when storage encryption is chosen at creation; it cannot be turned on later without a migration.',
  controlRationale: {
    'CC6.1': 'Database files and snapshots are encrypted with keys whose use is access-controlled.',
    'PI1.5': 'Stored records are protected from disclosure outside the database engine.',
    'C1.1': 'Confidential data in backups and snapshots stays encrypted wherever they are copied.',
  },
  remediation: 'Set storage_encrypted = true (optionally with kms_key_id). For an existing database, restore an encrypted copy of a snapshot.',
  defaults:
    'storage_encrypted defaults to false (Aurora Serverless v1 clusters are always encrypted). Read replicas (replicate_source_db) and restores from a snapshot inherit the source\'s encryption and are indeterminate when not set.',
  *check(m) {
    for (const r of m.resourcesOf('aws_db_instance', 'aws_rds_cluster', 'aws_docdb_cluster', 'aws_neptune_cluster')) {
      if (r.attr('engine_mode')?.value === 'serverless') continue;
      if (!r.get('storage_encrypted')) {
        const src = r.get('replicate_source_db') ?? r.get('snapshot_identifier') ?? r.get('replication_source_identifier');
        if (src && !(src.value === null)) {
          yield indeterminate(src.loc, `${src.name} is set: the database inherits the source's encryption`, r.block.range.startLine);
          continue;
        }
        if (isUnknown(r.value('engine_mode'))) {
          yield indeterminate(r.headerLoc, 'engine_mode is unknown (serverless clusters are always encrypted)');
          continue;
        }
      }
      const kind = r.resourceType === 'aws_db_instance' ? 'RDS instance' : r.resourceType === 'aws_rds_cluster' ? 'RDS cluster' : r.resourceType.replace('aws_', '').replace('_', ' ');
      yield* requireBool(r, 'storage_encrypted', true, {
        bad: `${kind} "${r.name}" has storage encryption turned off.`,
        missing: `${kind} "${r.name}" does not set storage_encrypted = true, so its storage and snapshots are unencrypted.`,
        fix: true,
      });
    }
  },
});
