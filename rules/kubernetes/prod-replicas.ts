import { defineRule, fail } from '../../core/rule.js';
import type { K8sObject } from '../../core/kubernetes/model.js';
import { labelsOf, objName, objectLoc } from '../../core/kubernetes/pod.js';
import { minReplicas } from './_lib/replicas.js';

const ENV_KEYS = ['env', 'environment', 'stage', 'tier', 'app.kubernetes.io/environment', 'tags.datadoghq.com/env'];
const PROD = /^(prod|production|prd|live)$/i;
const PROD_NS = /^(prod|production|prd)([-_].*)?$|[-_](prod|production|prd)$/i;

function isProd(o: K8sObject): boolean {
  const labels = { ...labelsOf(o.view.at('spec', 'template', 'metadata', 'labels')), ...labelsOf(o.view.at('metadata', 'labels')) };
  if (ENV_KEYS.some((k) => PROD.test(labels[k] ?? ''))) return true;
  return PROD_NS.test(o.namespace ?? '');
}

export default defineRule({
  id: 'TG-K8S-020',
  name: 'k8s-prod-replicas',
  title: 'Production workload runs at least two replicas',
  failTitle: 'Production workload runs a single replica',
  kind: 'kubernetes',
  objectKinds: ['Deployment', 'StatefulSet', 'ReplicaSet'],
  category: 'backup-recovery',
  controls: ['A1.2', 'CC8.1'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'A production workload with one replica has no availability margin (A1.2).',
  confidence: 'medium',
  aliases: ['minimum-three-replicas'],
  rationale:
    'A single replica is down during every node drain, rollout or crash; production workloads need a second instance (and a PodDisruptionBudget) so that routine maintenance and single failures do not become outages.',
  controlRationale: {
    'A1.2': 'Redundant replicas are the alternate processing capacity that keeps the service available through failures and maintenance.',
    'CC8.1': 'Changes roll out without downtime only when another replica serves traffic during the rollout.',
  },
  remediation: 'Set spec.replicas to 2 or more (or an HPA with minReplicas >= 2) and add a PodDisruptionBudget and topology spread across zones.',
  defaults:
    'A workload counts as production when a label env/environment/stage/tier (object or pod template) is prod/production/prd/live, or its namespace is prod-like. Omitted replicas default to 1 unless a HorizontalPodAutoscaler in the same file targets the workload.',
  introducedIn: '0.1.0',
  *check(f) {
    for (const w of f.workloads) {
      const o = w.object;
      if (!['Deployment', 'StatefulSet', 'ReplicaSet'].includes(o.kind) || !isProd(o)) continue;
      const { n, at, autoscaler } = minReplicas(f, o);
      if (autoscaler) {
        if (n !== undefined && n < 2) yield fail(at ? at.pairLoc : objectLoc(autoscaler), `${objName(autoscaler)} lets production ${objName(o)} scale down to ${n} replica.`);
        continue;
      }
      if (at) {
        if (n !== undefined && n < 2) yield fail(at.pairLoc, `Production ${objName(o)} runs ${n} replica${n === 1 ? '' : 's'}; it needs at least 2 to stay available.`);
      } else {
        const spec = o.view.get('spec');
        yield fail(spec ? spec.keyLoc : objectLoc(o), `Production ${objName(o)} sets no replicas, so it runs a single replica.`);
      }
    }
  },
});
