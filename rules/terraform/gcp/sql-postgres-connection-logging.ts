import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asString, isUnknown } from '../../../core/terraform/values.js';
import { headerOf } from '../_lib/attributes.js';

const REQUIRED = ['log_connections', 'log_disconnections'];

export default defineRule({
  id: 'TG-GCP-022',
  name: 'gcp-sql-postgres-connection-logging',
  title: 'Cloud SQL for PostgreSQL logs connections and disconnections',
  failTitle: 'Cloud SQL for PostgreSQL does not log connections and disconnections',
  kind: 'terraform',
  category: 'logging-monitoring',
  controls: ['CC7.2', 'CC7.3', 'PI1.3'],
  severity: 'low',
  persona: 'pedantic',
  personaRationale: 'Connection logging is useful monitoring but rarely cited without a specific logging requirement.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['google_sql_database_instance'],
  aliases: ['CKV_GCP_52', 'CKV_GCP_53', 'AVD-GCP-0016', 'AVD-GCP-0022'],
  rationale:
    'PostgreSQL does not log sessions by default. Connection and disconnection logs show who connected, from where and for how long, which is what an investigation of database access needs first.',
  controlRationale: {
    'CC7.2': 'Session logs are a monitoring signal for unusual database access.',
    'CC7.3': 'They let a suspected incident be scoped to the sessions involved.',
    'PI1.3': 'They record the processing sessions that acted on the data.',
  },
  remediation: 'Add settings.database_flags { name = "log_connections", value = "on" } and { name = "log_disconnections", value = "on" }.',
  defaults: 'Both flags are off unless set in database_flags. Only instances whose database_version starts with POSTGRES are checked.',
  *check(m) {
    for (const db of m.resourcesOf('google_sql_database_instance')) {
      const bl = db.block.range.startLine;
      const dv = db.attr('database_version');
      const ver = dv ? asString(dv.value) : undefined;
      if (isUnknown(ver) || typeof ver !== 'string' || !ver.startsWith('POSTGRES')) continue;
      const st = db.block1('settings');
      if (!st || st.hasError || db.hasError) continue;
      const flags = new Map<string, string>();
      let unknown: string | undefined;
      for (const f of st.blocks('database_flags')) {
        const n = asString(f.value('name'));
        const v = asString(f.value('value'));
        if (f.maybe) unknown ??= 'dynamic database_flags block cannot be expanded (for_each unknown)';
        if (isUnknown(n)) unknown ??= n.reason;
        else if (typeof n === 'string') {
          if (isUnknown(v)) {
            if (REQUIRED.includes(n)) unknown ??= v.reason;
          } else if (typeof v === 'string') flags.set(n, v.toLowerCase());
        }
      }
      const off = REQUIRED.filter((n) => flags.get(n) !== 'on');
      if (!off.length) continue;
      const explicitOff = off.filter((n) => flags.has(n));
      if (unknown && !explicitOff.length) {
        yield indeterminate(headerOf(st.blocks('database_flags').find((f) => f.maybe) ?? st), unknown, bl);
        continue;
      }
      yield fail(st.headerLoc, `PostgreSQL instance "${db.name}" does not turn on ${off.join(' and ')}, so sessions are not logged.`, { blockLine: bl });
    }
  },
});
