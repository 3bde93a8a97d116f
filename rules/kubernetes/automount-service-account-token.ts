import { defineRule, fail } from '../../core/rule.js';
import { isPartial, nsOf, objName, objectsOf, podSpecLoc } from '../../core/kubernetes/pod.js';

export default defineRule({
  id: 'TG-K8S-009',
  name: 'k8s-automount-service-account-token',
  title: 'Pod does not automount a service account token',
  failTitle: 'Pod automounts a service account token',
  kind: 'kubernetes',
  category: 'access-control',
  controls: ['CC6.3', 'CC6.8'],
  severity: 'low',
  persona: 'pedantic',
  personaRationale: 'An automounted token matters only where RBAC grants it something; most clusters bind nothing to it.',
  confidence: 'medium',
  aliases: ['CKV_K8S_38', 'AVD-KSV-0036', 'KSV-0036', '48471392-d4d0-47c0-b135-cdec95eb3eef', 'automount-service-account-token'],
  rationale:
    'Every pod gets a Kubernetes API token unless told otherwise; most applications never call the API, and a token lying in the filesystem is the first thing an attacker uses to move from one pod to the control plane.',
  controlRationale: {
    'CC6.3': 'Workloads should hold only the credentials they need; an unused API token is unneeded access.',
    'CC6.8': 'Removing the token limits what unauthorised code in the pod can reach.',
  },
  remediation:
    'Set automountServiceAccountToken: false in the pod spec (or on its ServiceAccount); pods that call the API should use a dedicated ServiceAccount with a narrow Role and a reviewed suppression.',
  defaults:
    'The token is mounted when neither the pod nor its ServiceAccount sets automountServiceAccountToken: false; a ServiceAccount defined in the same file is taken into account.',
  introducedIn: '0.1.0',
  *check(f) {
    const sas = objectsOf(f, 'ServiceAccount');
    for (const w of f.workloads) {
      const v = w.podSpec.get('automountServiceAccountToken');
      if (v?.bool() === false) continue;
      if (v?.bool() === true) {
        yield fail(v.pairLoc, `${objName(w.object)} sets automountServiceAccountToken: true, mounting an API token into every container.`);
        continue;
      }
      const saName = w.podSpec.get('serviceAccountName')?.str() ?? w.podSpec.get('serviceAccount')?.str() ?? 'default';
      const sa = sas.find((s) => s.name === saName && nsOf(s) === nsOf(w.object));
      const saSetting = sa?.view.get('automountServiceAccountToken')?.bool();
      if (saSetting === false) continue;
      if (isPartial(w)) continue;
      yield fail(
        podSpecLoc(w),
        `${objName(w.object)} does not set automountServiceAccountToken: false, so the "${saName}" service account token is mounted into its pods.`,
        sa ? { related: [{ message: `ServiceAccount "${saName}"`, location: sa.view.at('metadata', 'name')?.pairLoc ?? sa.view.loc }] } : {},
      );
    }
  },
});
