import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asBool, asString, isUnknown } from '../../../core/terraform/values.js';
import { literalFix } from '../_lib/fixes.js';

const OK_MODES = new Set(['ENCRYPTED_ONLY', 'TRUSTED_CLIENT_CERTIFICATE_REQUIRED']);

export default defineRule({
  id: 'TG-GCP-011',
  name: 'gcp-sql-ssl-required',
  title: 'Cloud SQL instance requires encrypted connections',
  failTitle: 'Cloud SQL instance allows unencrypted connections',
  kind: 'terraform',
  category: 'encryption-in-transit',
  controls: ['CC6.7'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Database connections without TLS send data unencrypted in transit.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['google_sql_database_instance'],
  aliases: ['CKV_GCP_6', 'AVD-GCP-0015', '02474449-71aa-40a1-87ae-e14497747b00'],
  rationale:
    'By default Cloud SQL accepts both encrypted and unencrypted direct connections, so a misconfigured client sends credentials and query results in clear text.',
  controlRationale: {
    'CC6.7': 'Rejecting unencrypted connections protects data in transit between clients and the database.',
  },
  remediation:
    'Set settings.ip_configuration.ssl_mode = "ENCRYPTED_ONLY" (or "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"); on provider versions before 5.x set require_ssl = true.',
  defaults: 'ssl_mode defaults to ALLOW_UNENCRYPTED_AND_ENCRYPTED and require_ssl to false, so an instance without either is reported.',
  *check(m) {
    for (const db of m.resourcesOf('google_sql_database_instance')) {
      const bl = db.block.range.startLine;
      const st = db.block1('settings');
      if (!st) continue;
      const ipc = st.block1('ip_configuration');
      const mode = ipc?.attr('ssl_mode');
      if (mode && mode.value !== null) {
        const v = asString(mode.value);
        if (isUnknown(v)) yield indeterminate(mode.loc, `ssl_mode: ${v.reason}`, bl);
        else if (v && !OK_MODES.has(v))
          yield fail(mode.loc, `Cloud SQL instance "${db.name}" accepts unencrypted connections (ssl_mode = "${v}").`, { blockLine: bl, fixes: literalFix(mode, 'Set ssl_mode = "ENCRYPTED_ONLY"', '"ENCRYPTED_ONLY"') });
        continue;
      }
      const req = ipc?.attr('require_ssl');
      if (req && req.value !== null) {
        const b = asBool(req.value);
        if (isUnknown(b)) yield indeterminate(req.loc, `require_ssl: ${b.reason}`, bl);
        else if (b === false) yield fail(req.loc, `Cloud SQL instance "${db.name}" accepts unencrypted connections (require_ssl = false).`, { blockLine: bl, fixes: literalFix(req, 'Set require_ssl = true', 'true') });
        continue;
      }
      if (db.hasError || st.hasError || ipc?.hasError) continue;
      if (st.maybe || ipc?.maybe) continue;
      yield fail(ipc?.headerLoc ?? st.headerLoc, `Cloud SQL instance "${db.name}" accepts unencrypted connections: neither ssl_mode nor require_ssl enforces TLS.`, { blockLine: bl });
    }
  },
});
