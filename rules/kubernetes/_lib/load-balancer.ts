// Public LoadBalancer Services, shared by TG-K8S-025 (any port but web) and TG-K8S-027 (web ports only).
import type { K8sObject } from '../../../core/kubernetes/model.js';
import { strItems } from '../../../core/kubernetes/pod.js';
import type { Location } from '../../../core/types.js';

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

/** Ports a public web entry point (an ingress controller) serves: HTTP and HTTPS. */
export const WEB_PORTS = new Set([80, 443]);

/**
 * A LoadBalancer Service reachable from the internet: not internal by a cloud annotation, and with no
 * source ranges or ones that include 0.0.0.0/0. Where to report and why, or undefined.
 */
export function openLoadBalancer(svc: K8sObject): { loc: Location; why: string } | undefined {
  const type = svc.view.at('spec', 'type');
  if (type?.str() !== 'LoadBalancer') return undefined;
  if (INTERNAL.some(([k, re]) => re.test(svc.annotations[k] ?? ''))) return undefined;
  const ranges = strItems(svc.view.at('spec', 'loadBalancerSourceRanges'));
  const annRanges = SOURCE_RANGE_ANNOTATIONS.flatMap((k) => (svc.annotations[k] ?? '').split(',').map((s) => s.trim()).filter(Boolean));
  const open = ranges.find((r) => OPEN.has(r.s));
  if (open) return { loc: open.view.loc, why: `allows ${open.s} in loadBalancerSourceRanges` };
  if (ranges.length || (annRanges.length && !annRanges.some((r) => OPEN.has(r)))) return undefined;
  return { loc: type.pairLoc, why: 'is a public LoadBalancer with no loadBalancerSourceRanges' };
}

/** The Service's ports (spec.ports[].port); undefined entries where a port is not a literal number. */
export function servicePorts(svc: K8sObject): (number | undefined)[] {
  return (svc.view.at('spec', 'ports')?.items() ?? []).map((p) => p.get('port')?.num());
}

