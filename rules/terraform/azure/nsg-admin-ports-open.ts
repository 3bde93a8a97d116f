import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { isUnknown } from '../../../core/terraform/values.js';
import { allOf } from '../_lib/attributes.js';
import { nsgRules } from '../_lib/azure-network.js';
import { protocolCarries, rangesCover } from '../_lib/network.js';

const ADMIN = [
  { port: 22, name: 'SSH' },
  { port: 3389, name: 'RDP' },
];

export default defineRule({
  id: 'TG-AZR-006',
  name: 'azure-nsg-admin-ports-open',
  title: 'Network security group does not allow SSH or RDP from the internet',
  failTitle: 'Network security group allows SSH or RDP from the internet',
  kind: 'terraform',
  category: 'network-exposure',
  controls: ['CC6.6', 'CC6.1'],
  severity: 'critical',
  persona: 'regular',
  personaRationale: 'SSH or RDP open to the internet is the most cited network exposure.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['azurerm_network_security_group', 'azurerm_network_security_rule'],
  aliases: ['CKV_AZURE_10', 'CKV_AZURE_9', 'AVD-AZU-0050', 'AVD-AZU-0048', '3e3c175e-aadf-4e2b-a464-3fdac5748d24', 'efbf6449-5ec5-4cfe-8f15-acc51e0d787c'],
  rationale:
    'SSH and RDP reachable from the whole internet are scanned and brute-forced within minutes of exposure; one weak password or unpatched service then gives an attacker an interactive session inside the network.',
  controlRationale: {
    'CC6.6': 'Keeping administrative ports off the internet is a boundary protection against external threats.',
    'CC6.1': 'It restricts interactive logical access to hosts to approved networks and paths.',
  },
  remediation:
    'Restrict source_address_prefix(es) to known administrative ranges, or remove the rule and use Azure Bastion, just-in-time VM access or a VPN for administration.',
  defaults:
    'A rule matches when direction = "Inbound", access = "Allow", the source is "*", "Internet", "Any" or a /0 CIDR, the protocol is Tcp, Udp or "*", and a destination port range covers 22 or 3389 ("*" covers every port).',
  *check(m) {
    for (const r of nsgRules(m)) {
      if (r.owner.hasError && r.body === r.owner) continue;
      for (const { port, name } of ADMIN) {
        const ports = isUnknown(r.ports) ? r.ports : rangesCover(r.ports, port);
        const proto = isUnknown(r.protocol) ? r.protocol : protocolCarries(r.protocol, 'tcp') || protocolCarries(r.protocol, 'udp');
        const hit = allOf(r.inboundAllow, r.world, proto, ports);
        if (hit === false) continue;
        if (isUnknown(hit) || r.maybe) {
          yield indeterminate(r.loc, isUnknown(hit) ? hit.reason : 'dynamic security_rule block may not exist (for_each unknown)', r.blockLine);
          break;
        }
        yield fail(r.loc, `${r.label} allows ${name} (port ${port}) from the internet.`, { blockLine: r.blockLine });
        break;
      }
    }
  },
});
