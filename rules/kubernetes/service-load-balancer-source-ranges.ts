import { defineRule, fail } from '../../core/rule.js';
import { objName, objectsOf, strItems } from '../../core/kubernetes/pod.js';

/** Annotations that make a cloud load balancer internal (not reachable from the internet). */
const INTERNAL: [string, RegExp][] = [
  ['service.beta.kubernetes.io/aws-load-balancer-internal', /^(true|0\.0\.0\.0\/0|yes)$/i],
  ['service.beta.kubernetes.io/aws-load-balancer-scheme', /^internal$/i],
  ['networking.gke.io/load-balancer-type', /^internal$/i],
  ['cloud.google.com/load-balancer-type', /^internal$/i],
  ['service.beta.kubernetes.io/azure-load-balancer-internal', /^true$/i],
  ['service.beta.kubernetes.io/oci-load-balancer-internal', /^true$/i],
  ['service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type', /^private$/i],
  ['service.beta.kubernetes.io/openstack-internal-load-balancer', /^true$/i],
];
const SOURCE_RANGE_ANNOTATIONS = ['service.beta.kubernetes.io/load-balancer-source-ranges'];
const OPEN = new Set(['0.0.0.0/0', '::/0']);

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
  defaults: 'Internal load-balancer annotations (AWS, GKE, Azure, OCI, IBM, OpenStack) and the source-ranges annotation count; 0.0.0.0/0 or ::/0 in the ranges is open.',
  introducedIn: '0.1.0',
  *check(f) {
    for (const svc of objectsOf(f, 'Service')) {
      const type = svc.view.at('spec', 'type');
      if (type?.str() !== 'LoadBalancer') continue;
      if (INTERNAL.some(([k, re]) => re.test(svc.annotations[k] ?? ''))) continue;
      const rangesV = svc.view.at('spec', 'loadBalancerSourceRanges');
      const ranges = strItems(rangesV);
      const annRanges = SOURCE_RANGE_ANNOTATIONS.flatMap((k) => (svc.annotations[k] ?? '').split(',').map((s) => s.trim()).filter(Boolean));
      const open = ranges.find((r) => OPEN.has(r.s));
      if (open) {
        yield fail(open.view.loc, `${objName(svc)} allows ${open.s} in loadBalancerSourceRanges, opening the load balancer to the internet.`);
        continue;
      }
      if (ranges.length || (annRanges.length && !annRanges.some((r) => OPEN.has(r)))) continue;
      yield fail(type.pairLoc, `${objName(svc)} is a public LoadBalancer with no loadBalancerSourceRanges, reachable from the whole internet.`);
    }
  },
});
