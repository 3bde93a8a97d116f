import { defineRule, fail } from '../../core/rule.js';
import { isPartial, objName, podSpecLoc } from '../../core/kubernetes/pod.js';

export default defineRule({
  id: 'TG-K8S-010',
  name: 'k8s-default-service-account',
  title: 'Workload uses a dedicated service account',
  failTitle: 'Workload uses the default service account',
  kind: 'kubernetes',
  category: 'access-control',
  controls: ['CC6.3', 'CC6.1'],
  severity: 'low',
  persona: 'pedantic',
  personaRationale: 'The default service account is a hygiene concern; without RBAC bound to it there is no access to cite.',
  confidence: 'medium',
  aliases: ['b93e973e-9066-4455-a63b-c1c0e1ec3a48', 'default-service-account'],
  rationale:
    "The namespace's default service account is shared by every pod that does not name one, so any permission granted to it silently applies to all of them and audit logs cannot tell the workloads apart.",
  controlRationale: {
    'CC6.3': 'A dedicated identity per workload lets permissions be granted to exactly the workload that needs them.',
    'CC6.1': 'Distinct service accounts make API access attributable, which access reviews and logs depend on.',
  },
  remediation: 'Create a ServiceAccount for the workload and set spec.serviceAccountName to it.',
  defaults: 'A pod without serviceAccountName runs as the namespace "default" service account.',
  introducedIn: '0.1.0',
  *check(f) {
    for (const w of f.workloads) {
      const v = w.podSpec.get('serviceAccountName') ?? w.podSpec.get('serviceAccount');
      const name = v?.str();
      if (name === 'default') {
        yield fail(v!.pairLoc, `${objName(w.object)} runs as the namespace's "default" service account.`);
      } else if ((name === undefined || name === '') && !isPartial(w)) {
        yield fail(v ? v.pairLoc : podSpecLoc(w), `${objName(w.object)} names no serviceAccountName, so it runs as the namespace's "default" service account.`);
      }
    }
  },
});
