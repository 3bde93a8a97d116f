import { defineRule, fail } from '../../core/rule.js';
import { objName, objectsOf, strItems } from '../../core/kubernetes/pod.js';

const READ = new Set(['get', 'list', 'watch', '*']);

export default defineRule({
  id: 'TG-K8S-018',
  name: 'k8s-rbac-secrets-cluster-wide',
  title: 'ClusterRole does not read Secrets cluster-wide',
  failTitle: 'ClusterRole reads Secrets cluster-wide',
  kind: 'kubernetes',
  objectKinds: ['ClusterRole'],
  category: 'access-control',
  controls: ['CC6.3', 'CC6.1', 'CC6.7'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Reading Secrets cluster-wide exposes every credential in the cluster to one role.',
  confidence: 'medium',
  aliases: ['AVD-KSV-0041', 'KSV-0041', 'C-0186', 'b7bca5c4-1dab-4c2c-8cbe-3050b9d59b14', 'access-to-secrets'],
  rationale:
    'A ClusterRole that can get, list or watch Secrets reads every credential in every namespace once it is bound cluster-wide; list and watch return the values too, not just names.',
  controlRationale: {
    'CC6.3': 'Access to credentials should be limited to the namespaces and names a workload needs.',
    'CC6.1': 'Secrets are the keys to the rest of the infrastructure and must be tightly restricted.',
    'CC6.7': 'Reading secrets cluster-wide lets one identity move every credential out of the cluster.',
  },
  remediation: 'Use a namespaced Role, or restrict the rule with resourceNames to the specific Secrets needed; avoid list/watch on secrets.',
  defaults: "Rules limited by resourceNames are skipped; '*' resources are reported by TG-K8S-017. Built-in system: roles are skipped.",
  introducedIn: '0.1.0',
  *check(f) {
    for (const role of objectsOf(f, 'ClusterRole')) {
      if (role.name.startsWith('system:')) continue;
      for (const rule of role.view.get('rules')?.items() ?? []) {
        if (strItems(rule.get('resourceNames')).length) continue;
        const groups = strItems(rule.get('apiGroups')).map((x) => x.s);
        if (groups.length && !groups.some((g) => g === '' || g === '*')) continue;
        const verbs = strItems(rule.get('verbs')).map((x) => x.s).filter((v) => READ.has(v));
        if (!verbs.length) continue;
        for (const { s, view } of strItems(rule.get('resources'))) {
          if (s !== 'secrets') continue;
          yield fail(view.loc, `${objName(role)} can ${verbs.join('/')} secrets in every namespace.`);
        }
      }
    }
  },
});
