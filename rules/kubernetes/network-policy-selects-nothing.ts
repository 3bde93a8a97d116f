import { defineRule, fail } from '../../core/rule.js';
import { objName, objectsOf, sameNamespace } from '../../core/kubernetes/pod.js';
import { CONTROLLER_LABELS, matchSelector, readSelector, selectorKeys, selectsAll, type LabelSelector } from '../../core/kubernetes/selector.js';

/** `app=web, tier In (a,b)` */
function describeSelector(s: LabelSelector): string {
  const parts = [
    ...Object.entries(s.matchLabels).map(([k, v]) => `${k}=${v}`),
    ...s.matchExpressions.map((e) => (e.operator === 'Exists' || e.operator === 'DoesNotExist' ? `${e.key} ${e.operator}` : `${e.key} ${e.operator} (${e.values.join(',')})`)),
  ];
  return parts.join(', ');
}

export default defineRule({
  id: 'TG-K8S-028',
  name: 'k8s-network-policy-selects-nothing',
  title: 'NetworkPolicies select the pods they are meant to protect',
  failTitle: 'NetworkPolicy selects no pods',
  kind: 'kubernetes',
  objectKinds: ['NetworkPolicy'],
  category: 'network-exposure',
  controls: ['CC6.6', 'CC6.1'],
  severity: 'low',
  persona: 'regular',
  personaRationale: 'A policy that selects no pod leaves the workloads it was written for open while the repository looks segmented: a false sense of isolation under CC6.6.',
  confidence: 'medium',
  aliases: ['dangling-networkpolicy'],
  rationale:
    'A NetworkPolicy only restricts the pods its podSelector selects. When the labels it names match no workload in its namespace (a renamed app label, a typo, a policy copied from another service), the workloads it was written for accept traffic from everywhere while a reviewer sees a policy and believes them isolated.',
  controlRationale: {
    'CC6.6': 'Segmentation inside the cluster is the boundary control; a policy that applies to nothing is no boundary.',
    'CC6.1': 'The flows to protected services are not restricted as the policy claims.',
  },
  remediation:
    'Make the podSelector match the pod template labels of the workloads it protects (kubectl get pods -l <selector> -n <namespace> lists what it selects), or delete the policy if the workload is gone.',
  defaults:
    'Reported at the podSelector of a NetworkPolicy whose matchLabels/matchExpressions match the pod template labels of no workload (Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod, Knative and other pod-template kinds) in its namespace anywhere in the scanned files (a namespace-less manifest counts as `default`). Silent, because it cannot tell: `podSelector: {}` (selects every pod); no workload of that namespace in the scanned files; a namespace that may run pods no scanned manifest shows: it holds custom resources an operator may turn into pods (monitoring, certificate, mesh and routing resources do not count), or a Kustomization for it (or one that sets no namespace: the namespaces of its resources are unseen) takes resources from a URL, a git reference or a file that is not scanned; a templated label or selector; a selector on a label controllers add themselves (pod-template-hash, job-name...). Scan the directory that holds the workloads too.',
  introducedIn: '0.3.0',
  *check(f, ctx) {
    const set = ctx.scanSet;
    if (!set) return; // Outside a scan there is no view of the other files.
    for (const np of objectsOf(f, 'NetworkPolicy')) {
      const at = np.view.at('spec', 'podSelector');
      const sel = readSelector(at);
      if (!at || !sel || selectsAll(sel) || selectorKeys(sel).some((k) => CONTROLLER_LABELS.has(k))) continue;
      const ns = np.namespace ?? '';
      if (set.unseenPodNamespaces.some((n) => n === '*' || sameNamespace(n, ns))) continue;
      const pods = set.podTemplates.filter((p) => sameNamespace(p.namespace, ns));
      if (!pods.length || pods.some((p) => !p.labels || matchSelector(sel, p.labels))) continue;
      const where = ns || 'default';
      yield fail(at.pairLoc, `${objName(np)} selects no pods: no workload in namespace "${where}" in the scanned files has pod labels matching ${describeSelector(sel)} (${pods.length} workload${pods.length === 1 ? '' : 's'} there, e.g. ${pods[0].kind} "${pods[0].name}").`, {
        related: pods.slice(0, 5).map((p) => ({ message: `${p.kind} "${p.name}" has labels ${Object.entries(p.labels ?? {}).map(([k, v]) => `${k}=${v}`).join(', ') || '(none)'}`, location: p.loc })),
      });
    }
  },
});
