import { defineRule, fail } from '../../core/rule.js';
import { isPartial, objName, objectLoc, sameNamespace } from '../../core/kubernetes/pod.js';
import { matchSelector, readLabels } from '../../core/kubernetes/selector.js';
import { minReplicas } from './_lib/replicas.js';

/** Controllers that keep a number of interchangeable replicas (what a PodDisruptionBudget protects). */
const REPLICATED = ['Deployment', 'StatefulSet', 'Rollout', 'CloneSet'];

export default defineRule({
  id: 'TG-K8S-029',
  name: 'k8s-pod-disruption-budget',
  title: 'Replicated workloads have a PodDisruptionBudget',
  failTitle: 'Replicated workload has no PodDisruptionBudget',
  kind: 'kubernetes',
  objectKinds: REPLICATED,
  category: 'backup-recovery',
  controls: ['A1.2'],
  severity: 'low',
  persona: 'pedantic',
  personaRationale:
    'Availability hygiene rather than a control gap an auditor cites: many replicated workloads tolerate losing all pods briefly, and clusters often add budgets centrally.',
  confidence: 'medium',
  rationale:
    'Node drains (cluster upgrades, autoscaler scale-down, patching) evict pods through the eviction API, which honours PodDisruptionBudgets. Without one, a drain may evict every replica of a workload at once, turning routine maintenance into an outage even though the workload runs several replicas.',
  controlRationale: {
    'A1.2': 'Redundant replicas keep the service available only if maintenance cannot remove them all at the same time.',
  },
  remediation:
    'Add a PodDisruptionBudget in the same namespace whose selector matches the pod template labels, with maxUnavailable: 1 (or a minAvailable below the replica count).',
  defaults:
    'Deployments, StatefulSets, Argo Rollouts and CloneSets with at least 2 replicas (spec.replicas, or the minimum of a HorizontalPodAutoscaler/ScaledObject in the same file) are reported when no PodDisruptionBudget anywhere in the scanned files (same namespace; a namespace-less manifest counts as `default`) selects their pod template labels. Silent for a templated label or selector, and for Kustomize patches. Scan the directory that holds the budgets too.',
  introducedIn: '0.3.0',
  *check(f, ctx) {
    const set = ctx.scanSet;
    if (!set) return; // Outside a scan there is no view of the other files.
    for (const w of f.workloads) {
      const o = w.object;
      if (!REPLICATED.includes(o.kind) || isPartial(w)) continue;
      const { n, at, autoscaler } = minReplicas(f, o);
      if (n === undefined || n < 2) continue;
      const labels = readLabels(w.podMeta?.get('labels'));
      if (!labels) continue;
      const ns = o.namespace ?? '';
      if (set.disruptionBudgets.some((b) => sameNamespace(b.namespace, ns) && (!b.selector || matchSelector(b.selector, labels)))) continue;
      const loc = autoscaler || !at ? objectLoc(o) : at.pairLoc;
      yield fail(loc, `${objName(o)} runs ${autoscaler ? 'at least ' : ''}${n} replicas, but no PodDisruptionBudget in the scanned files selects its pods, so a node drain may evict them all at once.`);
    }
  },
});
