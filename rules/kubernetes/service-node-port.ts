import { defineRule, fail } from '../../core/rule.js';
import { objName, objectsOf, strItems } from '../../core/kubernetes/pod.js';

export default defineRule({
  id: 'TG-K8S-026',
  name: 'k8s-service-node-port',
  title: 'Service is not exposed through NodePort or externalIPs',
  failTitle: 'Service is exposed through NodePort or externalIPs',
  kind: 'kubernetes',
  objectKinds: ['Service'],
  category: 'network-exposure',
  controls: ['CC6.6'],
  severity: 'low',
  persona: 'pedantic',
  personaRationale: 'NodePort services are often fronted by firewalls the manifests cannot show; a hygiene signal.',
  confidence: 'medium',
  aliases: ['AVD-KSV-0108', 'KSV-0108'],
  rationale:
    'A NodePort opens the service on every node\'s address and externalIPs attach arbitrary addresses to it; both expose the service outside the paths (Ingress, internal load balancer) where access is controlled and logged, and externalIPs can be abused to intercept traffic.',
  controlRationale: {
    'CC6.6': 'Exposure at the node level widens the system boundary beyond the reviewed entry points.',
  },
  remediation: 'Use ClusterIP behind an Ingress or an internal LoadBalancer; remove spec.externalIPs.',
  defaults: 'Services default to ClusterIP. LoadBalancer Services also allocate node ports; they are covered by TG-K8S-025.',
  introducedIn: '0.1.0',
  *check(f) {
    for (const svc of objectsOf(f, 'Service')) {
      const type = svc.view.at('spec', 'type');
      if (type?.str() === 'NodePort') yield fail(type.pairLoc, `${objName(svc)} is a NodePort Service, open on every node's address.`);
      for (const ip of strItems(svc.view.at('spec', 'externalIPs'))) {
        yield fail(ip.view.loc, `${objName(svc)} attaches external IP ${ip.s}.`);
      }
    }
  },
});
