import { defineRule, fail } from '../../core/rule.js';
import { objName, objectsOf, sameNamespace } from '../../core/kubernetes/pod.js';
import { matchSelector, readSelector } from '../../core/kubernetes/selector.js';
import type { YView } from '../../core/yaml/view.js';

/** An IntOrString budget value: a number, a percentage, or undefined when templated or malformed. */
function budget(v: YView | undefined): { n: number; percent: boolean } | undefined {
  const s = v?.str()?.trim();
  const m = s === undefined ? undefined : /^(\d+)(%?)$/.exec(s);
  return m ? { n: Number(m[1]), percent: m[2] === '%' } : undefined;
}

export default defineRule({
  id: 'TG-K8S-030',
  name: 'k8s-pod-disruption-budget-blocks-drain',
  title: 'PodDisruptionBudgets allow at least one voluntary disruption',
  failTitle: 'PodDisruptionBudget allows no voluntary disruption',
  kind: 'kubernetes',
  objectKinds: ['PodDisruptionBudget'],
  category: 'change-management',
  controls: ['CC7.1', 'A1.2'],
  severity: 'low',
  persona: 'pedantic',
  personaRationale:
    'An operational defect more than a control gap: it delays node maintenance (and so patching) rather than exposing anything, and some teams set it on purpose around a migration.',
  confidence: 'medium',
  aliases: ['pdb-max-unavailable', 'pdb-min-available'],
  rationale:
    'A budget that tolerates no eviction (maxUnavailable 0, minAvailable 100% or at least the replica count) makes every node drain hang on these pods: cluster upgrades and node patching stall until someone deletes the budget or the pods by hand, which is how security patches get postponed.',
  controlRationale: {
    'CC7.1': 'Nodes must be drainable for vulnerabilities to be patched on schedule.',
    'A1.2': 'Budgets should protect availability without blocking the maintenance that keeps the platform supported.',
  },
  remediation: 'Use maxUnavailable: 1 (or a minAvailable below the replica count), and run enough replicas that one can be evicted.',
  defaults:
    'Reported: maxUnavailable 0 or 0%; minAvailable 100%; minAvailable (a number) at least the sum of spec.replicas of the workloads in the scanned files whose pod template labels the budget selects (same namespace; silent when one of them has no literal replica count). Templated values are skipped; replicas set by an autoscaler are not compared.',
  introducedIn: '0.3.0',
  *check(f, ctx) {
    for (const pdb of objectsOf(f, 'PodDisruptionBudget')) {
      const maxU = pdb.view.at('spec', 'maxUnavailable');
      const minA = pdb.view.at('spec', 'minAvailable');
      const max = budget(maxU);
      const min = budget(minA);
      if (maxU && max?.n === 0) {
        yield fail(maxU.pairLoc, `${objName(pdb)} sets maxUnavailable ${maxU.str()}: no pod it selects can ever be evicted, so node drains block on them.`);
        continue;
      }
      if (!minA || !min) continue;
      if (min.percent) {
        if (min.n >= 100) yield fail(minA.pairLoc, `${objName(pdb)} requires minAvailable ${minA.str()} of its pods: none can ever be evicted, so node drains block on them.`);
        continue;
      }
      const sel = readSelector(pdb.view.at('spec', 'selector'));
      if (!sel || !pdb.view.at('spec', 'selector')) continue;
      const ns = pdb.namespace ?? '';
      // The budget counts every pod it selects: the replicas of all the workloads it matches.
      const selected = (ctx.scanSet?.podTemplates ?? []).filter((p) => p.labels && sameNamespace(p.namespace, ns) && matchSelector(sel, p.labels));
      if (!selected.length || selected.some((p) => p.replicas === undefined)) continue;
      const total = selected.reduce((n, p) => n + (p.replicas ?? 0), 0);
      if (min.n < total) continue;
      const names = selected.map((p) => `${p.kind} "${p.name}"`);
      const runs = selected.length === 1 ? `${names[0]} runs ${total} replica${total === 1 ? '' : 's'}` : `the ${selected.length} workloads it selects (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', ...' : ''}) run ${total} replicas`;
      yield fail(minA.pairLoc, `${objName(pdb)} requires minAvailable ${min.n}, but ${runs}: none can ever be evicted, so node drains block on them.`, {
        related: selected.slice(0, 5).map((p) => ({ message: `${p.kind} "${p.name}" sets replicas: ${p.replicas}`, location: p.loc })),
      });
    }
  },
});
