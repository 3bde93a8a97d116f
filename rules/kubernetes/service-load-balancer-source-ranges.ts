import { defineRule, fail } from '../../core/rule.js';
import { objName, objectsOf } from '../../core/kubernetes/pod.js';
import { openLoadBalancer, servicePorts, WEB_PORTS } from './_lib/load-balancer.js';

export default defineRule({
  id: 'TG-K8S-025',
  name: 'k8s-service-load-balancer-source-ranges',
  title: 'LoadBalancer Service restricts source ranges or is internal',
  failTitle: 'LoadBalancer Service is open to any source',
  kind: 'kubernetes',
  objectKinds: ['Service'],
  category: 'network-exposure',
  controls: ['CC6.6', 'CC6.1'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'An internet-facing load balancer without source ranges is a public entry point (CC6.6).',
  confidence: 'medium',
  aliases: ['26763a1c-5dda-4772-b507-5fca7fb5f165'],
  rationale:
    'A LoadBalancer Service without source ranges gets a public address open to the whole internet, usually bypassing the WAF and TLS termination that an Ingress would provide.',
  controlRationale: {
    'CC6.6': 'Restricting who can reach a load balancer is a boundary protection for the service behind it.',
    'CC6.1': 'Source restrictions limit access to the service to the networks that should have it.',
  },
  remediation:
    'Set spec.loadBalancerSourceRanges to the allowed CIDRs, make the load balancer internal with the cloud annotation, or expose the service through an Ingress with TLS.',
  defaults: 'Internal load-balancer annotations (AWS, GKE, Azure, OCI, IBM, OpenStack) and the source-ranges annotation count; 0.0.0.0/0 or ::/0 in the ranges is open. A load balancer that exposes only ports 80 and 443 (an ingress controller) is TG-K8S-027 instead, a lower finding.',
  introducedIn: '0.1.0',
  *check(f) {
    for (const svc of objectsOf(f, 'Service')) {
      const open = openLoadBalancer(svc);
      if (!open) continue;
      // Only HTTP/HTTPS (an ingress controller's front door) is a different, lower finding: TG-K8S-027.
      const ports = servicePorts(svc);
      const other = ports.filter((p) => p === undefined || !WEB_PORTS.has(p));
      if (ports.length && !other.length) continue;
      const which = other.filter((p): p is number => p !== undefined);
      const what = which.length ? ` and exposes port${which.length > 1 ? 's' : ''} ${which.slice(0, 5).join(', ')}` : '';
      yield fail(open.loc, `${objName(svc)} ${open.why}${what}, reachable from the whole internet.`);
    }
  },
});
