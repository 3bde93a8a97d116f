import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { headerOf } from '../_lib/attributes.js';

const TYPES = ['google_compute_instance', 'google_compute_instance_template', 'google_compute_region_instance_template'];

export default defineRule({
  id: 'TG-GCP-005',
  name: 'gcp-compute-instance-no-public-ip',
  title: 'Compute instance has no external IP address',
  failTitle: 'Compute instance has an external IP address',
  kind: 'terraform',
  category: 'network-exposure',
  controls: ['CC6.6'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'An external IP puts the instance on the internet.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: TYPES,
  aliases: ['CKV_GCP_40', 'AVD-GCP-0031'],
  rationale:
    'An external IP puts the VM directly on the internet, where only its firewall rules stand between it and every scanner. Instances behind load balancers, Cloud NAT and IAP need no public address.',
  controlRationale: {
    'CC6.6': 'Keeping instances on private addresses confines internet-facing entry points to managed load balancers and gateways.',
  },
  remediation:
    'Remove the access_config block from network_interface; use Cloud NAT for outbound traffic, a load balancer for inbound traffic and IAP TCP forwarding for administration.',
  defaults: 'An instance has an external IP only when a network_interface contains an access_config block (even an empty one).',
  *check(m) {
    for (const r of m.resourcesOf(...TYPES)) {
      const bl = r.block.range.startLine;
      for (const ni of r.blocks('network_interface')) {
        const acs = ni.blocks('access_config');
        if (!acs.length) continue;
        if (acs.every((a) => a.maybe)) {
          yield indeterminate(headerOf(acs[0]), 'dynamic access_config block may not exist (for_each unknown)', bl);
          break;
        }
        const a = acs.find((x) => !x.maybe)!;
        yield fail(headerOf(a), `Instance${r.resourceType.includes('template') ? ' template' : ''} "${r.name}" gets an external IP address from its access_config block.`, { blockLine: bl });
        break;
      }
    }
  },
});
