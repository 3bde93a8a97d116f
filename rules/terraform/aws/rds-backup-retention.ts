import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asNumber, isUnknown } from '../../../core/terraform/values.js';

export default defineRule({
  id: 'TG-AWS-049',
  name: 'aws-rds-backup-retention',
  title: 'RDS automated backups are kept for at least 7 days',
  failTitle: 'RDS automated backups are kept for less than 7 days',
  kind: 'terraform',
  category: 'backup-recovery',
  controls: ['A1.2', 'CC7.4', 'CC7.5'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Backups are the recovery control under A1.2.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['aws_db_instance', 'aws_rds_cluster'],
  aliases: ['CKV_AWS_133', 'AVD-AWS-0077', '1dc73fb4-5b51-430c-8c5f-25dcf9090b02'],
  options: {
    minDays: { type: 'integer', minimum: 1, maximum: 35, default: 7, description: 'Fewest days automated backups must be kept (RDS allows up to 35).' },
  },
  rationale: 'Automated backups and point-in-time recovery are how a database comes back after corruption, a bad migration or ransomware. A retention of 0 disables them; 1 day is usually gone before the problem is noticed.',
  controlRationale: {
    'A1.2': 'Backups of the data are taken and retained so it can be recovered.',
    'CC7.4': 'Incident response can restore the database to a point before the incident.',
    'CC7.5': 'Recovery from an incident relies on available backups.',
  },
  remediation: 'Set backup_retention_period to 7 or more (up to 35); use AWS Backup for longer retention.',
  defaults: 'backup_retention_period defaults to 1 day for clusters and, when omitted, to the RDS default of 1 day for instances; both are below the minimum (option minDays, 7). Read replicas are not judged.',
  *check(m, ctx) {
    const minDays = ctx.options.minDays;
    for (const r of m.resourcesOf('aws_db_instance', 'aws_rds_cluster')) {
      const kind = r.resourceType === 'aws_db_instance' ? 'RDS instance' : 'RDS cluster';
      const replica = r.attr('replicate_source_db') ?? r.attr('replication_source_identifier');
      if (replica && replica.value !== null) continue;
      const a = r.attr('backup_retention_period');
      if (!a) {
        if (!r.hasError) yield fail(r.headerLoc, `${kind} "${r.name}" keeps automated backups for only the default 1 day (backup_retention_period is not set).`);
        continue;
      }
      const d = asNumber(a.value);
      if (isUnknown(d)) yield indeterminate(a.loc, `backup_retention_period: ${d.reason}`, r.block.range.startLine);
      else if (d === 0) yield fail(a.loc, `${kind} "${r.name}" has automated backups disabled (backup_retention_period = 0).`, { blockLine: r.block.range.startLine });
      else if (d !== undefined && d < minDays) yield fail(a.loc, `${kind} "${r.name}" keeps automated backups for only ${d} day${d === 1 ? '' : 's'} (less than ${minDays}).`, { blockLine: r.block.range.startLine });
    }
  },
});
