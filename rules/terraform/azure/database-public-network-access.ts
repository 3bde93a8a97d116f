import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asString, isUnknown } from '../../../core/terraform/values.js';
import { boolAt } from '../_lib/attributes.js';
import { literalFix } from '../_lib/fixes.js';

const SINGLE = ['azurerm_mysql_server', 'azurerm_postgresql_server', 'azurerm_mariadb_server'];
const FLEXIBLE = ['azurerm_mysql_flexible_server', 'azurerm_postgresql_flexible_server'];
const ENGINE: Record<string, string> = { mysql: 'MySQL', postgresql: 'PostgreSQL', mariadb: 'MariaDB' };
/** azurerm_postgresql_flexible_server → PostgreSQL flexible server */
const kindOf = (type: string) => type.replace(/^azurerm_(\w+?)_(flexible_)?server$/, (_, e: string, f?: string) => `${ENGINE[e] ?? e} ${f ? 'flexible ' : ''}server`);

export default defineRule({
  id: 'TG-AZR-031',
  name: 'azure-database-public-network-access',
  title: 'MySQL, PostgreSQL and MariaDB servers disable public network access',
  failTitle: 'Database server allows public network access',
  kind: 'terraform',
  category: 'network-exposure',
  controls: ['CC6.6', 'CC6.1'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'A database endpoint reachable from the internet is the network-exposure finding of CC6.6.',
  confidence: 'high',
  introducedIn: '0.2.0',
  resourceTypes: [...SINGLE, ...FLEXIBLE],
  aliases: ['CKV_AZURE_53', 'CKV_AZURE_68'],
  rationale:
    'With public network access on, the server has an internet endpoint guarded only by its firewall rules and passwords: one broad rule (or "allow Azure services", which admits every Azure tenant) exposes it to password guessing and exploits. Private endpoints or VNet integration keep it off the internet.',
  controlRationale: {
    'CC6.6': 'Databases are reachable only from the networks that need them.',
    'CC6.1': 'Access to data stores passes through network boundaries as well as credentials.',
  },
  remediation:
    'Set public_network_access_enabled = false and connect through a private endpoint (azurerm_private_endpoint) or, for flexible servers, VNet integration (delegated_subnet_id + private_dns_zone_id).',
  defaults:
    'public_network_access_enabled defaults to true. A flexible server with delegated_subnet_id is VNet-integrated and has no public endpoint; on azurerm_mysql_flexible_server public_network_access = "Disabled" counts as off.',
  *check(m) {
    for (const s of m.resourcesOf(...SINGLE, ...FLEXIBLE)) {
      const blockLine = s.block.range.startLine;
      const flexible = FLEXIBLE.includes(s.resourceType);
      const what = `${kindOf(s.resourceType)} "${s.name}"`;
      const a = s.attr('public_network_access_enabled');
      const str = flexible ? s.attr('public_network_access') : undefined;
      if (str && str.value !== null) {
        const v = asString(str.value);
        if (isUnknown(v)) yield indeterminate(str.loc, `public_network_access: ${v.reason}`, blockLine);
        else if (v === 'Enabled') yield fail(str.loc, `${what} allows public network access (public_network_access = "Enabled").`, { blockLine, fixes: literalFix(str, 'Set public_network_access = "Disabled"', '"Disabled"') });
        continue;
      }
      if (!a || a.value === null) {
        if (flexible && s.attr('delegated_subnet_id') && s.value('delegated_subnet_id') !== null) continue;
        if (!s.hasError) yield fail(s.headerLoc, `${what} allows public network access (public_network_access_enabled defaults to true).`, { blockLine });
        continue;
      }
      const on = boolAt(s, 'public_network_access_enabled', true);
      if (typeof on === 'string') yield indeterminate(a.loc, on, blockLine);
      else if (on) yield fail(a.loc, `${what} allows public network access (public_network_access_enabled = true).`, { blockLine, fixes: literalFix(a, 'Set public_network_access_enabled = false', 'false') });
    }
  },
});
