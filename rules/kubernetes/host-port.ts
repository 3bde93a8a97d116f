import { defineRule, fail } from '../../core/rule.js';
import { cName } from '../../core/kubernetes/pod.js';

export default defineRule({
  id: 'TG-K8S-005',
  name: 'k8s-host-port',
  title: 'Container does not bind a host port',
  failTitle: 'Container binds a host port',
  kind: 'kubernetes',
  category: 'network-exposure',
  controls: ['CC6.6', 'CC6.8'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'A host port exposes the container on the node network outside Service and NetworkPolicy controls.',
  confidence: 'high',
  aliases: ['CKV_K8S_26', 'AVD-KSV-0024', 'KSV-0024'],
  rationale:
    "A hostPort opens the port on the node's own address, outside Services, Ingress and NetworkPolicy, so traffic reaches the pod through a path that the cluster's network controls do not see.",
  controlRationale: {
    'CC6.6': 'Host ports create an extra, unmanaged entry point at the system boundary.',
    'CC6.8': 'Pinning pods to node ports also limits scheduling and invites collisions; avoiding them keeps workloads behind the reviewed network paths.',
  },
  remediation: 'Remove ports[].hostPort and expose the container through a Service (ClusterIP, or LoadBalancer with source ranges).',
  defaults: 'hostPort is unset (0) by default. Pods on the host network are left to TG-K8S-004.',
  introducedIn: '0.1.0',
  *check(f) {
    for (const w of f.workloads) {
      // With hostNetwork every container port is a node port already; TG-K8S-004 reports that.
      if (w.podSpec.get('hostNetwork')?.bool() === true) continue;
      for (const c of w.containers) {
        for (const p of c.view.get('ports')?.items() ?? []) {
          const hp = p.get('hostPort');
          if (!hp) continue;
          const n = hp.num();
          if (n === 0) continue;
          if (n === undefined && (hp.value === null || hp.value === undefined)) continue;
          yield fail(hp.pairLoc, `${cName(w, c)} binds host port ${hp.source} on the node.`);
        }
      }
    }
  },
});
