// How many replicas a workload keeps running: its spec.replicas, or the minimum of an autoscaler in
// the same file that targets it. Shared by TG-K8S-020 (production replicas) and TG-K8S-029 (PDBs).
import type { K8sFile, K8sObject } from '../../../core/kubernetes/model.js';
import { objectsOf } from '../../../core/kubernetes/pod.js';
import type { YView } from '../../../core/yaml/view.js';

export interface MinReplicas {
  /** The fewest replicas; undefined when not a literal number. */
  n: number | undefined;
  /** Where the number is written (spec.replicas or the autoscaler's minimum), absent when defaulted. */
  at?: YView;
  /** The HorizontalPodAutoscaler or KEDA ScaledObject that sets it. */
  autoscaler?: K8sObject;
}

/** The workload's minimum replicas (1 when neither spec.replicas nor an autoscaler sets it). */
export function minReplicas(f: K8sFile, o: K8sObject): MinReplicas {
  const autoscaler = objectsOf(f, 'HorizontalPodAutoscaler', 'ScaledObject').find((h) => {
    const ref = h.view.at('spec', 'scaleTargetRef');
    return ref?.get('name')?.str() === o.name && (ref.get('kind')?.str() ?? 'Deployment') === o.kind;
  });
  if (autoscaler) {
    const at = autoscaler.view.at('spec', autoscaler.kind === 'ScaledObject' ? 'minReplicaCount' : 'minReplicas');
    return { n: at ? at.num() : 1, at, autoscaler };
  }
  const at = o.view.at('spec', 'replicas');
  return at ? { n: at.num(), at } : { n: 1 };
}
