import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asString, isUnknown } from '../../../core/terraform/values.js';
import { companionInCaller } from '../_lib/attributes.js';

/** Platform subnets that do not support (or must not have) a network security group. */
const PLATFORM = new Set(['gatewaysubnet', 'azurefirewallsubnet', 'azurefirewallmanagementsubnet', 'routeserversubnet']);

export default defineRule({
  id: 'TG-AZR-008',
  name: 'azure-subnet-has-nsg',
  title: 'Subnet is associated with a network security group',
  failTitle: 'Subnet has no network security group',
  kind: 'terraform',
  category: 'network-exposure',
  controls: ['CC6.6'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'A subnet without a network security group has no network boundary.',
  confidence: 'medium',
  introducedIn: '0.1.0',
  resourceTypes: ['azurerm_subnet', 'azurerm_subnet_network_security_group_association', 'azurerm_virtual_network'],
  aliases: ['CKV2_AZURE_31', '5c822443-e1ea-46b8-84eb-758ec602e844'],
  rationale:
    'A subnet without a network security group has no subnet-level filter: every resource placed in it relies only on its own NIC rules, and a resource added later without them is exposed to whatever can route to the subnet.',
  controlRationale: {
    'CC6.6': 'An NSG on every subnet is the segmentation boundary that restricts which traffic reaches the resources in it.',
  },
  remediation:
    'Add an azurerm_subnet_network_security_group_association for the subnet (or security_group on an inline subnet block) with an NSG that denies by default.',
  defaults:
    'A subnet has no NSG unless an azurerm_subnet_network_security_group_association refers to it (or, on old providers, network_security_group_id / inline security_group is set). GatewaySubnet, AzureFirewallSubnet, AzureFirewallManagementSubnet and RouteServerSubnet are exempt.',
  *check(m) {
    const T = 'azurerm_subnet_network_security_group_association';
    for (const s of m.resourcesOf('azurerm_subnet')) {
      const bl = s.block.range.startLine;
      const n = asString(s.value('name'));
      if (typeof n === 'string' && PLATFORM.has(n.toLowerCase())) continue;
      if (s.attr('network_security_group_id')) continue;
      if (m.companions(s, T, 'subnet_id').length) continue;
      if (m.hasUnlinkedCompanion(T, 'subnet_id') || companionInCaller(m, T, 'subnet_id')) {
        yield indeterminate(s.headerLoc, `an ${T} names a subnet that cannot be resolved statically`, bl);
        continue;
      }
      if (isUnknown(n)) {
        yield indeterminate(s.headerLoc, `name: ${n.reason} (it may be a platform subnet that takes no NSG)`, bl);
        continue;
      }
      if (s.hasError) continue;
      yield fail(s.headerLoc, `Subnet "${s.name}" has no network security group: no ${T} refers to it.`, { blockLine: bl });
    }
    for (const v of m.resourcesOf('azurerm_virtual_network')) {
      for (const b of v.blocks('subnet')) {
        const n = asString(b.value('name'));
        if (typeof n === 'string' && PLATFORM.has(n.toLowerCase())) continue;
        if (b.attr('security_group')) continue;
        if (b.hasError) continue;
        if (b.maybe || isUnknown(n)) {
          yield indeterminate(b.headerLoc, isUnknown(n) ? `subnet name: ${n.reason}` : 'dynamic subnet block may not exist (for_each unknown)', v.block.range.startLine);
          continue;
        }
        yield fail(b.headerLoc, `Virtual network "${v.name}" defines subnet ${n ? `"${n}" ` : ''}inline without a security_group.`, { blockLine: v.block.range.startLine });
      }
    }
  },
});
