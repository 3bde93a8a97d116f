import { defineRule, fail } from '../../core/rule.js';
import { WORKLOAD_KINDS, type Workload } from '../../core/kubernetes/model.js';
import { isPartial, objName, objectLoc, objectsOf } from '../../core/kubernetes/pod.js';
import { CLUSTER_POLICY_KINDS, NAMESPACED_POLICY_KINDS } from '../../core/scan-set.js';

export default defineRule({
  id: 'TG-K8S-015',
  name: 'k8s-namespace-network-policy',
  title: 'Workloads run in a namespace that has a NetworkPolicy',
  failTitle: 'Workloads run in a namespace without any NetworkPolicy',
  kind: 'kubernetes',
  objectKinds: [...WORKLOAD_KINDS, 'Namespace'],
  category: 'network-exposure',
  controls: ['CC6.6', 'CC6.1', 'CC7.2'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Workloads without any NetworkPolicy accept traffic from every pod, the segmentation gap CC6.6 names.',
  confidence: 'low',
  aliases: ['CKV2_K8S_6', '0401f71b-9c1e-4821-ab15-a955caa621be', 'non-isolated-pod'],
  rationale:
    'Without a NetworkPolicy every pod accepts traffic from every other pod in the cluster, so one compromised workload can reach all the others; a default-deny policy per namespace makes allowed flows explicit and reviewable.',
  controlRationale: {
    'CC6.6': 'NetworkPolicies are the boundary control between workloads inside the cluster.',
    'CC6.1': 'They restrict which services can reach protected data stores and APIs.',
    'CC7.2': 'Explicit allowed flows make unexpected connections detectable as policy violations.',
  },
  remediation: 'Add a NetworkPolicy (for example a default-deny ingress policy with podSelector: {}) to the namespace, plus policies for the flows it needs.',
  defaults:
    'Workloads (namespace-less ones count as `default`) are reported when no NetworkPolicy (also Cilium/Calico namespaced policies) names their namespace anywhere in the scanned files, once per namespace and file: at the Namespace object when the file creates it, else at the first workload. A policy without a namespace covers namespace-less workloads and `default`; a cluster-wide policy (Calico GlobalNetworkPolicy, CiliumClusterwideNetworkPolicy, AdminNetworkPolicy) covers everything. Partial objects (Kustomize patches) are skipped. Scan the directory that holds the policies too: a single file scanned alone cannot see them.',
  introducedIn: '0.1.0',
  *check(f, ctx) {
    // What the whole scanned set says (core/scan-set.ts), else this file alone.
    const own = objectsOf(f, ...NAMESPACED_POLICY_KINDS).map((p) => p.namespace ?? '');
    const set = ctx.scanSet ?? { policyNamespaces: own, clusterWidePolicy: f.objects.some((o) => CLUSTER_POLICY_KINDS.includes(o.kind)) };
    if (set.clusterWidePolicy) return;
    const has = new Set([...set.policyNamespaces, ...own]);
    // A policy written without a namespace is applied to the namespace of the manifests it ships with
    // (kubectl -n, Kustomize): it covers namespace-less workloads and `default`.
    const covered = (ns: string | undefined) => has.has(ns ?? '') || has.has(ns ?? 'default') || (ns === undefined && has.has('default')) || (ns === 'default' && has.has(''));
    const byNs = new Map<string, Workload[]>();
    for (const w of f.workloads) {
      if (isPartial(w) || covered(w.object.namespace)) continue;
      const ns = w.object.namespace ?? 'default';
      byNs.set(ns, [...(byNs.get(ns) ?? []), w]);
    }
    for (const [ns, ws] of byNs) {
      // Reported at the Namespace object when this file creates it (its annotations can suppress), else at the first workload.
      const nsObj = objectsOf(f, 'Namespace').find((n) => n.name === ns);
      const at = nsObj ?? ws[0].object;
      yield fail(objectLoc(at), `${ws.length} workload(s) in namespace "${ns}" (e.g. ${objName(ws[0].object)}) have no NetworkPolicy anywhere in the scanned files, so every pod in the cluster can reach them.`, {
        related: ws.slice(0, 5).map((w) => ({ message: objName(w.object), location: objectLoc(w.object) })),
      });
    }
  },
});
