import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { isUnknown } from '../../../core/terraform/values.js';
import { allOf } from '../_lib/attributes.js';
import { gcpAllows, gcpFirewallFromWorld } from '../_lib/gcp-network.js';
import { protocolCarries, rangesCover } from '../_lib/network.js';

const ADMIN = [
  { port: 22, name: 'SSH' },
  { port: 3389, name: 'RDP' },
];

export default defineRule({
  id: 'TG-GCP-003',
  name: 'gcp-firewall-admin-ports-open',
  title: 'VPC firewall does not allow SSH or RDP from the internet',
  failTitle: 'VPC firewall allows SSH or RDP from the internet',
  kind: 'terraform',
  category: 'network-exposure',
  controls: ['CC6.6', 'CC6.7'],
  severity: 'critical',
  persona: 'regular',
  personaRationale: 'SSH or RDP open to the internet is the most cited network exposure.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['google_compute_firewall'],
  aliases: ['CKV_GCP_2', 'CKV_GCP_3', 'AVD-GCP-0027', 'c4dcdcdf-10dd-4bf4-b4a0-8f6239e6aaa0', '678fd659-96f2-454a-a2a0-c2571f83a4a3'],
  rationale:
    'SSH and RDP open to 0.0.0.0/0 are found by internet-wide scanners within minutes and attacked with stolen or guessed credentials; a successful login is a shell inside the VPC.',
  controlRationale: {
    'CC6.6': 'Keeping administrative ports off the internet is a boundary protection against external access.',
    'CC6.7': 'It restricts administrative sessions to controlled paths such as IAP TCP forwarding or a VPN.',
  },
  remediation:
    'Limit source_ranges to your administrative ranges or to 35.235.240.0/20 for Identity-Aware Proxy TCP forwarding, or remove the rule and use OS Login through IAP.',
  defaults:
    'direction defaults to INGRESS; an ingress rule with no source_ranges, source_tags or source_service_accounts gets 0.0.0.0/0; an allow block without ports covers every port; disabled rules are ignored.',
  *check(m) {
    for (const fw of m.resourcesOf('google_compute_firewall')) {
      const bl = fw.block.range.startLine;
      const world = gcpFirewallFromWorld(fw);
      if (world === false) continue;
      for (const a of gcpAllows(fw)) {
        let hit: { name: string; port: number } | undefined;
        let unknown: string | undefined;
        for (const p of ADMIN) {
          const proto = isUnknown(a.protocol) ? a.protocol : protocolCarries(a.protocol, 'tcp');
          const ports = isUnknown(a.ports) ? a.ports : rangesCover(a.ports, p.port);
          const c = allOf(proto, ports);
          if (c === true) {
            hit = p;
            break;
          }
          if (isUnknown(c)) unknown ??= c.reason;
        }
        if (hit && !isUnknown(world) && !a.maybe) {
          yield fail(world.loc, `Firewall "${fw.name}" allows ${hit.name} (tcp ${hit.port}) from the internet.`, { blockLine: bl, related: [{ message: 'allow block', location: a.body.headerLoc }] });
          break;
        }
        if (hit || unknown) {
          const reason = isUnknown(world) ? world.reason : (unknown ?? 'dynamic allow block may not exist (for_each unknown)');
          yield indeterminate(isUnknown(world) ? (fw.attr('source_ranges')?.loc ?? fw.headerLoc) : world.loc, reason, bl);
          break;
        }
      }
    }
  },
});
