import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asString, isUnknown } from '../../../core/terraform/values.js';
import { requireBool } from '../_lib/attributes.js';
import { literalFix } from '../_lib/fixes.js';

const CONFIG_TYPES = ['azurerm_postgresql_flexible_server_configuration', 'azurerm_mysql_flexible_server_configuration'];

export default defineRule({
  id: 'TG-AZR-011',
  name: 'azure-postgres-mysql-secure-transport',
  title: 'PostgreSQL and MySQL servers require TLS connections',
  failTitle: 'PostgreSQL or MySQL server does not require TLS connections',
  kind: 'terraform',
  category: 'encryption-in-transit',
  controls: ['CC6.7', 'CC6.6'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Database connections without TLS send data unencrypted in transit.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['azurerm_postgresql_server', 'azurerm_mysql_server', 'azurerm_mariadb_server', ...CONFIG_TYPES],
  aliases: ['CKV_AZURE_28', 'CKV_AZURE_29', 'AVD-AZU-0020', '0437633b-daa6-4bbc-8526-c0d2443b946e', '73e42469-3a86-4f39-ad78-098f325b4e9f'],
  rationale:
    'When SSL enforcement or require_secure_transport is off, the database accepts clear-text connections, so passwords and query results can be captured by anyone on the network path.',
  controlRationale: {
    'CC6.7': 'Requiring TLS protects data in transit between applications and the database.',
    'CC6.6': 'It hardens the database endpoint against interception from outside the trust boundary.',
  },
  remediation:
    'Set ssl_enforcement_enabled = true on single servers, and leave require_secure_transport at its default ON on flexible servers (remove any server configuration that sets it to OFF).',
  defaults:
    'Flexible servers require secure transport unless an azurerm_*_flexible_server_configuration named require_secure_transport sets it to OFF. On single servers ssl_enforcement_enabled is required by azurerm v3 (older providers defaulted it to true).',
  *check(m) {
    for (const s of m.resourcesOf('azurerm_postgresql_server', 'azurerm_mysql_server', 'azurerm_mariadb_server'))
      yield* requireBool(s, 'ssl_enforcement_enabled', true, {
        dflt: true,
        bad: `Database server "${s.name}" accepts unencrypted connections (ssl_enforcement_enabled = false).`,
        missing: '',
        fix: true,
      });
    for (const c of m.resourcesOf(...CONFIG_TYPES)) {
      const n = asString(c.value('name'));
      const va = c.attr('value');
      if (!va) continue;
      const bl = c.block.range.startLine;
      if (isUnknown(n)) {
        const v = asString(va.value);
        if (typeof v === 'string' && v.toLowerCase() === 'off') yield indeterminate(c.headerLoc, `configuration name: ${n.reason}`, bl);
        continue;
      }
      if (n?.toLowerCase() !== 'require_secure_transport') continue;
      const v = asString(va.value);
      if (isUnknown(v)) {
        yield indeterminate(va.loc, `value: ${v.reason}`, bl);
        continue;
      }
      if (v !== undefined && ['off', '0', 'false'].includes(v.toLowerCase()))
        yield fail(va.loc, `Server configuration "${c.name}" turns require_secure_transport off, so the flexible server accepts unencrypted connections.`, {
          blockLine: bl,
          fixes: literalFix(va, 'Set require_secure_transport = "ON"', '"ON"'),
        });
    }
  },
});
