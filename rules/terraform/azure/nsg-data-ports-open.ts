import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { isUnknown } from '../../../core/terraform/values.js';
import { allOf } from '../_lib/attributes.js';
import { nsgRules } from '../_lib/azure-network.js';
import { protocolCarries, rangesAll, rangesCover } from '../_lib/network.js';

const DEFAULT_PORTS = [1433, 1521, 3306, 5432, 5984, 6379, 7000, 9042, 9200, 9300, 11211, 27017, 5601, 2375, 2376, 23, 21, 445, 135, 139];

export default defineRule({
  id: 'TG-AZR-007',
  name: 'azure-nsg-data-ports-open',
  title: 'Network security group does not open all ports or database ports to the internet',
  failTitle: 'Network security group opens all ports or a database port to the internet',
  kind: 'terraform',
  category: 'network-exposure',
  controls: ['CC6.6'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'All ports or database ports open to the internet are a direct exposure.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['azurerm_network_security_group', 'azurerm_network_security_rule'],
  aliases: ['AVD-AZU-0047', 'AVD-AZU-0074', '594c198b-4d79-41b8-9b36-fde13348b619'],
  options: {
    ports: { type: 'array', items: { type: 'integer', minimum: 0, maximum: 65535 }, default: DEFAULT_PORTS, description: 'Ports reported when open to the internet (databases, caches, search, Docker, FTP, Telnet, SMB, RPC).' },
  },
  rationale:
    'Databases, caches, search clusters, container daemons and legacy file-sharing services are not built to face the internet; an inbound rule that allows every port, or one of these ports, from anywhere exposes them to scanning, credential stuffing and known exploits.',
  controlRationale: {
    'CC6.6': 'Limiting which services are reachable from the internet is the network boundary protection this criterion expects.',
  },
  remediation:
    'Allow only the ports the workload serves publicly (usually 443), restrict data-tier rules to the application subnets or application security groups, and reach databases through private endpoints.',
  defaults:
    'A rule matches when direction = "Inbound", access = "Allow", the source is "*", "Internet", "Any" or a /0 CIDR, and the destination ports are "*" / 0-65535 or cover one of the listed data and legacy ports (option `ports`). SSH and RDP are covered by TG-AZR-006.',
  *check(m, ctx) {
    const list = ctx.options.ports;
    for (const r of nsgRules(m)) {
      if (r.owner.hasError && r.body === r.owner) continue;
      const proto = isUnknown(r.protocol) ? r.protocol : protocolCarries(r.protocol, 'tcp') || protocolCarries(r.protocol, 'udp');
      const gate = allOf(r.inboundAllow, r.world, proto);
      if (gate === false) continue;
      let what: string | undefined;
      if (isUnknown(r.ports)) {
        yield indeterminate(r.loc, r.ports.reason, r.blockLine);
        continue;
      }
      if (rangesAll(r.ports)) what = 'every port';
      else {
        const hits = list.filter((p) => rangesCover(r.ports as [number, number][], p));
        if (hits.length) what = `port${hits.length > 1 ? 's' : ''} ${hits.slice(0, 5).join(', ')}${hits.length > 5 ? ', ...' : ''}`;
      }
      if (!what) continue;
      if (isUnknown(gate) || r.maybe) {
        yield indeterminate(r.loc, isUnknown(gate) ? gate.reason : 'dynamic security_rule block may not exist (for_each unknown)', r.blockLine);
        continue;
      }
      yield fail(r.loc, `${r.label} allows ${what} from the internet.`, { blockLine: r.blockLine });
    }
  },
});
