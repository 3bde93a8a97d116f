import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { isUnknown } from '../../../core/terraform/values.js';
import { gcpAllows, gcpFirewallFromWorld } from '../_lib/gcp-network.js';
import { protocolCarries, rangesAll, rangesCover } from '../_lib/network.js';

const DEFAULT_PORTS = [1433, 1521, 3306, 5432, 5984, 6379, 7000, 9042, 9200, 9300, 11211, 27017, 5601, 2375, 2376, 23, 21, 445, 135, 139];

export default defineRule({
  id: 'TG-GCP-004',
  name: 'gcp-firewall-data-ports-open',
  title: 'VPC firewall does not open all ports or database ports to the internet',
  failTitle: 'VPC firewall opens all ports or a database port to the internet',
  kind: 'terraform',
  category: 'network-exposure',
  controls: ['CC6.6'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'All ports or database ports open to the internet are a direct exposure.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['google_compute_firewall'],
  aliases: ['CKV2_GCP_12', 'CKV_GCP_88', 'AVD-GCP-0027'],
  options: {
    ports: { type: 'array', items: { type: 'integer', minimum: 0, maximum: 65535 }, default: DEFAULT_PORTS, description: 'Ports reported when open to the internet (databases, caches, search, Docker, FTP, Telnet, SMB, RPC).' },
  },
  rationale:
    'A firewall rule that allows every protocol or port, or a database, cache, search or container-daemon port, from 0.0.0.0/0 exposes services that were never meant to face the internet to scanning and exploitation.',
  controlRationale: {
    'CC6.6': 'Allowing only intended public services through the VPC firewall is the boundary protection this criterion expects.',
  },
  remediation:
    'Allow only the ports the workload serves publicly (usually 443, behind a load balancer), restrict internal services to internal ranges, tags or service accounts, and use Private Service Connect or private IP for databases.',
  defaults:
    'direction defaults to INGRESS; no source at all means 0.0.0.0/0; an allow block without ports (or protocol "all") covers every port; disabled rules are ignored. Data ports come from option `ports`; SSH/RDP are TG-GCP-003.',
  *check(m, ctx) {
    const list = ctx.options.ports;
    for (const fw of m.resourcesOf('google_compute_firewall')) {
      const bl = fw.block.range.startLine;
      const world = gcpFirewallFromWorld(fw);
      if (world === false) continue;
      for (const a of gcpAllows(fw)) {
        if (isUnknown(a.protocol) || isUnknown(a.ports)) {
          yield indeterminate(a.body.headerLoc, (isUnknown(a.protocol) ? a.protocol : (a.ports as { reason: string })).reason, bl);
          break;
        }
        const proto = a.protocol.toLowerCase();
        let what: string | undefined;
        if (proto === 'all') what = 'all protocols and ports';
        else if ((protocolCarries(proto, 'tcp') || protocolCarries(proto, 'udp')) && rangesAll(a.ports)) what = `every ${proto} port`;
        else if (protocolCarries(proto, 'tcp') || protocolCarries(proto, 'udp')) {
          const hits = list.filter((p) => rangesCover(a.ports as [number, number][], p));
          if (hits.length) what = `${proto} port${hits.length > 1 ? 's' : ''} ${hits.slice(0, 5).join(', ')}${hits.length > 5 ? ', ...' : ''}`;
        }
        if (!what) continue;
        if (isUnknown(world) || a.maybe) {
          yield indeterminate(isUnknown(world) ? (fw.attr('source_ranges')?.loc ?? fw.headerLoc) : world.loc, isUnknown(world) ? world.reason : 'dynamic allow block may not exist (for_each unknown)', bl);
          break;
        }
        yield fail(world.loc, `Firewall "${fw.name}" allows ${what} from the internet.`, { blockLine: bl, related: [{ message: 'allow block', location: a.body.headerLoc }] });
        break;
      }
    }
  },
});
