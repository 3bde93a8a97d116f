import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asString, isUnknown } from '../../../core/terraform/values.js';
import { tlsMinor } from '../_lib/attributes.js';
import { literalFix } from '../_lib/fixes.js';

export default defineRule({
  id: 'TG-AZR-010',
  name: 'azure-sql-server-min-tls',
  title: 'Azure SQL server requires TLS 1.2 or later',
  failTitle: 'Azure SQL server allows TLS older than 1.2',
  kind: 'terraform',
  category: 'encryption-in-transit',
  controls: ['CC6.7', 'CC6.6'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'TLS below 1.2 is weak encryption in transit.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['azurerm_mssql_server'],
  aliases: ['CKV_AZURE_52', 'AVD-AZU-0026'],
  rationale:
    'An Azure SQL server that accepts TLS 1.0 or 1.1, or has the minimum TLS version disabled, lets clients negotiate protocols with known weaknesses for connections that carry credentials and query results.',
  controlRationale: {
    'CC6.7': 'Enforcing TLS 1.2 protects data moving between applications and the database.',
    'CC6.6': 'It hardens the network-facing database endpoint against downgrade attacks.',
  },
  remediation: 'Set minimum_tls_version = "1.2" (the default on azurerm v3+).',
  defaults: 'minimum_tls_version defaults to "1.2" on azurerm v3 and later; "Disabled" (accept any version) and "1.0"/"1.1" fail.',
  *check(m) {
    for (const s of m.resourcesOf('azurerm_mssql_server')) {
      const a = s.attr('minimum_tls_version');
      if (!a || a.value === null) continue;
      const v = asString(a.value);
      if (isUnknown(v)) {
        yield indeterminate(a.loc, `minimum_tls_version: ${v.reason}`, s.block.range.startLine);
        continue;
      }
      if (v === undefined) continue;
      const minor = tlsMinor(v);
      if (v.toLowerCase() === 'disabled' || (minor !== undefined && minor < 2))
        yield fail(a.loc, `SQL server "${s.name}" accepts connections below TLS 1.2 (minimum_tls_version = "${v}").`, {
          blockLine: s.block.range.startLine,
          fixes: literalFix(a, 'Set minimum_tls_version = "1.2"', '"1.2"'),
        });
    }
  },
});
