import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asString, isUnknown } from '../../../core/terraform/values.js';
import { ipv4 } from '../_lib/network.js';

const TYPES = [
  'azurerm_mssql_firewall_rule',
  'azurerm_sql_firewall_rule',
  'azurerm_postgresql_firewall_rule',
  'azurerm_postgresql_flexible_server_firewall_rule',
  'azurerm_mysql_firewall_rule',
  'azurerm_mysql_flexible_server_firewall_rule',
  'azurerm_mariadb_firewall_rule',
  'azurerm_synapse_firewall_rule',
];

/** Ranges this wide (half of IPv4 or more) are "the internet" for practical purposes. */
const WIDE = 2 ** 31;

export default defineRule({
  id: 'TG-AZR-009',
  name: 'azure-database-firewall-open-to-internet',
  title: 'Database server firewall does not allow the whole internet',
  failTitle: 'Database server firewall allows the whole internet',
  kind: 'terraform',
  category: 'network-exposure',
  controls: ['CC6.6', 'CC6.1'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'A database firewall open to the internet is a direct exposure.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: TYPES,
  aliases: ['CKV_AZURE_11', 'AVD-AZU-0029', '25c0ea09-f1c5-4380-b055-3b83863f2bb8'],
  rationale:
    'A server-level firewall rule from 0.0.0.0 to 255.255.255.255 lets every address on the internet reach the database login endpoint, leaving passwords as the only barrier against brute force and credential stuffing.',
  controlRationale: {
    'CC6.6': 'Restricting the database firewall to known networks is a boundary protection for the data tier.',
    'CC6.1': 'It limits logical access to the database to approved sources.',
  },
  remediation:
    'Replace the rule with the specific client ranges that need access, or disable public network access and connect through a private endpoint or VNet integration.',
  defaults:
    'A rule fails when its start_ip_address..end_ip_address range spans half of IPv4 or more (typically 0.0.0.0-255.255.255.255). The special 0.0.0.0-0.0.0.0 rule ("allow Azure services") is not reported by this rule.',
  *check(m) {
    for (const r of m.resourcesOf(...TYPES)) {
      const bl = r.block.range.startLine;
      const sa = r.attr('start_ip_address');
      const ea = r.attr('end_ip_address');
      if (!sa || !ea) continue;
      const s = asString(sa.value);
      const e = asString(ea.value);
      if (isUnknown(s) || isUnknown(e)) {
        const u = isUnknown(s) ? s : (e as { reason: string });
        yield indeterminate(isUnknown(s) ? sa.loc : ea.loc, `IP range: ${u.reason}`, bl);
        continue;
      }
      const a = s === undefined ? undefined : ipv4(s);
      const b = e === undefined ? undefined : ipv4(e);
      if (a === undefined || b === undefined) continue;
      if (b - a + 1 >= WIDE)
        yield fail(sa.loc, `Firewall rule "${r.name}" opens the database server to ${s}-${e}, effectively the whole internet.`, { blockLine: bl });
    }
  },
});
