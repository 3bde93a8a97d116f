import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asString, isUnknown } from '../../../core/terraform/values.js';
import { headerOf } from '../_lib/attributes.js';
import { isWorldCidr } from '../_lib/network.js';

export default defineRule({
  id: 'TG-GCP-027',
  name: 'gcp-gke-master-authorized-networks',
  title: 'GKE master authorized networks do not include 0.0.0.0/0',
  failTitle: 'GKE master authorized networks include 0.0.0.0/0',
  kind: 'terraform',
  category: 'network-exposure',
  controls: ['CC6.6', 'CC6.1'],
  severity: 'high',
  confidence: 'high',
  introducedIn: '0.2.0',
  persona: 'regular',
  personaRationale: 'A Kubernetes control plane reachable from the whole internet is a boundary failure an auditor cites (CC6.6).',
  resourceTypes: ['google_container_cluster'],
  rationale:
    'Master authorized networks are the allow-list for the Kubernetes API endpoint. An entry of 0.0.0.0/0 lets the whole internet reach the control plane, where any leaked kubeconfig, token or API vulnerability is exploitable from anywhere.',
  controlRationale: {
    'CC6.6': 'The cluster control plane is reachable only from known networks.',
    'CC6.1': 'Network restriction backs up authentication to the Kubernetes API.',
  },
  remediation: 'Replace 0.0.0.0/0 in master_authorized_networks_config.cidr_blocks with the CIDRs of your offices, VPN or CI runners, or make the endpoint private (private_cluster_config.enable_private_endpoint = true).',
  defaults: 'Only explicit world CIDRs in cidr_blocks are reported; a cluster without the block (endpoint open to all) is the concern of TG-GCP-018 (private nodes and endpoint).',
  *check(m) {
    for (const c of m.resourcesOf('google_container_cluster')) {
      const bl = c.block.range.startLine;
      for (const man of c.blocks('master_authorized_networks_config')) {
        for (const cb of man.blocks('cidr_blocks')) {
          const a = cb.attr('cidr_block');
          if (!a) continue;
          const v = asString(a.value);
          if (isUnknown(v)) yield indeterminate(cb.dynamicBlock ? headerOf(cb) : a.loc, `cidr_block: ${v.reason}`, bl);
          else if (v && isWorldCidr(v)) yield fail(a.loc, `GKE cluster "${c.name}" authorizes ${v} to reach its control plane endpoint.`, { blockLine: bl });
        }
      }
    }
  },
});
