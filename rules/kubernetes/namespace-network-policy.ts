import { defineRule, fail } from '../../core/rule.js';
import { objName, objectLoc, objectsOf } from '../../core/kubernetes/pod.js';

export default defineRule({
  id: 'TG-K8S-015',
  name: 'k8s-namespace-network-policy',
  title: 'Namespace with workloads has a NetworkPolicy',
  failTitle: 'Namespace with workloads has no NetworkPolicy',
  kind: 'kubernetes',
  objectKinds: ['Namespace'],
  category: 'network-exposure',
  controls: ['CC6.6', 'CC6.1', 'CC7.2'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Workloads without any NetworkPolicy accept traffic from every pod, the segmentation gap CC6.6 names.',
  confidence: 'low',
  aliases: ['CKV2_K8S_6', 'AVD-KSV-0038', 'KSV-0038', '0401f71b-9c1e-4821-ab15-a955caa621be', '85ab1c5b-014e-4352-b5f8-d7dea3bb4fd3'],
  rationale:
    'Without a NetworkPolicy every pod accepts traffic from every other pod in the cluster, so one compromised workload can reach all the others; a default-deny policy per namespace makes allowed flows explicit and reviewable.',
  controlRationale: {
    'CC6.6': 'NetworkPolicies are the boundary control between workloads inside the cluster.',
    'CC6.1': 'They restrict which services can reach protected data stores and APIs.',
    'CC7.2': 'Explicit allowed flows make unexpected connections detectable as policy violations.',
  },
  remediation: 'Add a NetworkPolicy (for example a default-deny ingress policy with podSelector: {}) to the namespace, plus policies for the flows it needs.',
  defaults:
    'Only decided within one file that defines the Namespace itself: if that file also holds workloads in the namespace and no NetworkPolicy for it, the namespace is reported. Files without a Namespace object are not judged, because their policies usually live in another file of the same directory or are applied by the platform.',
  introducedIn: '0.1.0',
  *check(f) {
    const policies = objectsOf(f, 'NetworkPolicy', 'CiliumNetworkPolicy', 'CalicoNetworkPolicy');
    const clusterWide = f.objects.some((o) => ['CiliumClusterwideNetworkPolicy', 'GlobalNetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy'].includes(o.kind));
    if (clusterWide) return;
    for (const ns of objectsOf(f, 'Namespace')) {
      if (!ns.name) continue;
      const inNs = f.workloads.filter((w) => w.object.namespace === ns.name);
      if (!inNs.length) continue;
      if (policies.some((p) => (p.namespace ?? '') === ns.name)) continue;
      // A file that puts namespace-less policies next to one namespace most likely applies them there.
      if (policies.some((p) => p.namespace === undefined)) continue;
      yield fail(objectLoc(ns), `${objName(ns)} holds ${inNs.length} workload(s) in this file (e.g. ${objName(inNs[0].object)}) but no NetworkPolicy for the namespace.`, {
        related: inNs.slice(0, 5).map((w) => ({ message: objName(w.object), location: objectLoc(w.object) })),
      });
    }
  },
});
