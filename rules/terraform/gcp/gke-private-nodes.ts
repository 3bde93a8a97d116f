import { defineRule } from '../../../core/rule.js';
import { requireBool } from '../_lib/attributes.js';

export default defineRule({
  id: 'TG-GCP-018',
  name: 'gcp-gke-private-nodes',
  title: 'GKE cluster uses private nodes',
  failTitle: 'GKE cluster nodes are not private',
  kind: 'terraform',
  category: 'network-exposure',
  controls: ['CC6.6', 'CC6.1'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Nodes with public IPs are reachable from the internet.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['google_container_cluster'],
  aliases: ['CKV_GCP_25', 'AVD-GCP-0059', '6ccb85d7-0420-4907-9380-50313f80946b'],
  rationale:
    'Nodes with public IP addresses can be reached directly from the internet (kubelet, NodePorts, SSH), bypassing load balancers and ingress controls; private nodes keep the data plane on internal addresses.',
  controlRationale: {
    'CC6.6': 'Private nodes keep the cluster data plane behind the VPC boundary.',
    'CC6.1': 'They restrict network access to workloads and node services to approved paths.',
  },
  remediation: 'Add private_cluster_config { enable_private_nodes = true, master_ipv4_cidr_block = "..." } and use Cloud NAT for egress.',
  defaults: 'Nodes get public IPs unless private_cluster_config.enable_private_nodes = true.',
  *check(m) {
    for (const c of m.resourcesOf('google_container_cluster')) {
      const pcc = c.block1('private_cluster_config');
      yield* requireBool(pcc ?? c, pcc ? 'enable_private_nodes' : 'private_cluster_config.enable_private_nodes', true, {
        dflt: false,
        bad: `GKE cluster "${c.name}" gives its nodes public IP addresses (enable_private_nodes = false).`,
        missing: `GKE cluster "${c.name}" gives its nodes public IP addresses: private_cluster_config.enable_private_nodes is not true.`,
        blockLine: c.block.range.startLine,
        fix: true,
      });
    }
  },
});
