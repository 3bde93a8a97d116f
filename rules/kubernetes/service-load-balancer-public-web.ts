import { defineRule, fail } from '../../core/rule.js';
import { objName, objectsOf } from '../../core/kubernetes/pod.js';
import { openLoadBalancer, servicePorts, WEB_PORTS } from './_lib/load-balancer.js';

export default defineRule({
  id: 'TG-K8S-027',
  name: 'k8s-service-load-balancer-public-web',
  title: 'Public web load balancers are restricted or fronted by a WAF',
  failTitle: 'Web load balancer (80/443 only) is open to the whole internet',
  kind: 'kubernetes',
  objectKinds: ['Service'],
  category: 'network-exposure',
  controls: ['CC6.6'],
  severity: 'low',
  persona: 'pedantic',
  personaRationale: 'A public HTTP/HTTPS entry point (an ingress controller) is usually intended; an auditor asks for its WAF and TLS evidence rather than citing it.',
  confidence: 'medium',
  rationale:
    'A LoadBalancer Service that serves only ports 80 and 443 to the whole internet is typically the front door of an ingress controller: intended, but the boundary then rests on what stands in front of it (a WAF, TLS, rate limits), which the manifest does not show.',
  controlRationale: {
    'CC6.6': 'The public entry point of the system is known and protected at the boundary.',
  },
  remediation:
    'Keep it if this is the intended public entry point and record the WAF/TLS in front of it (suppress with a reason); otherwise set spec.loadBalancerSourceRanges or make the load balancer internal.',
  defaults: 'Reported for a LoadBalancer Service reachable from the internet (TG-K8S-025\'s test) whose ports are all 80 or 443; any other port makes it TG-K8S-025.',
  introducedIn: '0.2.0',
  *check(f) {
    for (const svc of objectsOf(f, 'Service')) {
      const open = openLoadBalancer(svc);
      const ports = servicePorts(svc);
      if (!open || !ports.length || ports.some((p) => p === undefined || !WEB_PORTS.has(p))) continue;
      yield fail(open.loc, `${objName(svc)} ${open.why} and serves only HTTP/HTTPS (port${ports.length > 1 ? 's' : ''} ${ports.join(', ')}) to the whole internet.`);
    }
  },
});
