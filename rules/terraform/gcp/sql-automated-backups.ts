import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asBool, asString, isUnknown } from '../../../core/terraform/values.js';
import { literalFix } from '../_lib/fixes.js';

export default defineRule({
  id: 'TG-GCP-012',
  name: 'gcp-sql-automated-backups',
  title: 'Cloud SQL instance has automated backups enabled',
  failTitle: 'Cloud SQL instance has no automated backups',
  kind: 'terraform',
  category: 'backup-recovery',
  controls: ['A1.2', 'CC7.5', 'PI1.5', 'C1.1'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Backups are the recovery control under A1.2.',
  confidence: 'medium',
  introducedIn: '0.1.0',
  resourceTypes: ['google_sql_database_instance'],
  aliases: ['CKV_GCP_14', 'AVD-GCP-0024', 'cf3c7631-cd1e-42f3-8801-a561214a6e79'],
  rationale:
    'Without automated backups a deleted table, a bad migration or ransomware inside the database cannot be undone; point-in-time recovery also depends on backups being on.',
  controlRationale: {
    'A1.2': 'Automated backups are the recovery infrastructure for the database.',
    'CC7.5': 'They provide the restore point needed to recover from an incident.',
    'PI1.5': 'They keep stored data recoverable and complete after corruption or loss.',
    'C1.1': 'They protect confidential records from permanent destruction.',
  },
  remediation: 'Add settings { backup_configuration { enabled = true } } (and point_in_time_recovery_enabled / binary_log_enabled for recovery to a point in time).',
  defaults: 'An omitted backup_configuration is reported: the provider treats the block as optional and computed, so backups are not enabled by this configuration (new instances created through the API start without automated backups). Read replicas (master_instance_name set) are skipped: they are backed up through their primary.',
  *check(m) {
    for (const db of m.resourcesOf('google_sql_database_instance')) {
      const bl = db.block.range.startLine;
      const master = db.attr('master_instance_name');
      if (master && master.value !== null) continue;
      const it = asString(db.value('instance_type'));
      if (typeof it === 'string' && it !== 'CLOUD_SQL_INSTANCE') continue;
      const st = db.block1('settings');
      if (!st) continue;
      const bc = st.blocks('backup_configuration');
      const en = bc[0]?.attr('enabled');
      if (en && en.value !== null) {
        const b = asBool(en.value);
        if (isUnknown(b)) yield indeterminate(en.loc, `backup_configuration.enabled: ${b.reason}`, bl);
        else if (b === false) yield fail(en.loc, `Cloud SQL instance "${db.name}" has automated backups turned off.`, { blockLine: bl, fixes: literalFix(en, 'Set enabled = true', 'true') });
        continue;
      }
      if (db.hasError || st.hasError || st.maybe || bc[0]?.hasError) continue;
      if (bc[0]?.maybe) {
        yield indeterminate(bc[0].headerLoc, 'dynamic backup_configuration block may not exist (for_each unknown)', bl);
        continue;
      }
      yield fail(bc[0]?.headerLoc ?? st.headerLoc, `Cloud SQL instance "${db.name}" has no automated backups: backup_configuration.enabled is not true.`, { blockLine: bl });
    }
  },
});
