import { defineRule, fail } from '../../core/rule.js';
import { objName, objectsOf, strItems } from '../../core/kubernetes/pod.js';

export default defineRule({
  id: 'TG-K8S-017',
  name: 'k8s-rbac-wildcard',
  title: 'RBAC role grants no wildcard verbs, resources or API groups',
  failTitle: 'RBAC role grants wildcard verbs, resources or API groups',
  kind: 'kubernetes',
  objectKinds: ['Role', 'ClusterRole'],
  category: 'access-control',
  controls: ['CC6.3', 'CC6.1'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Wildcard RBAC grants are excessive access, the classic least-privilege finding.',
  confidence: 'high',
  aliases: ['CKV_K8S_49', 'AVD-KSV-0044', 'AVD-KSV-0045', 'AVD-KSV-0046', 'KSV-0044', 'KSV-0045', 'KSV-0046', '6b896afb-ca07-467a-b256-1a0077a1c08e', 'wildcard-in-rules'],
  rationale:
    "A '*' in a role grants every present and future verb, resource or API group, including secrets, RBAC objects and custom resources added later, so the role's real reach cannot be reviewed from its text.",
  controlRationale: {
    'CC6.3': 'Least privilege requires permissions to be enumerated for the job, not granted wholesale.',
    'CC6.1': 'Wildcards extend access to protected resources (secrets, RBAC) without anyone deciding so.',
  },
  remediation: 'Replace the wildcard with the specific verbs, resources and API groups the subject needs.',
  defaults: 'Built-in roles (names starting with system:) are skipped; aggregated ClusterRoles have no own rules.',
  introducedIn: '0.1.0',
  *check(f) {
    for (const role of objectsOf(f, 'Role', 'ClusterRole')) {
      if (role.name.startsWith('system:')) continue;
      for (const rule of role.view.get('rules')?.items() ?? []) {
        for (const field of ['verbs', 'resources', 'apiGroups']) {
          for (const { s, view } of strItems(rule.get(field))) {
            if (s !== '*') continue;
            yield fail(view.loc, `${objName(role)} grants '*' in ${field}.`);
          }
        }
        for (const { s, view } of strItems(rule.get('nonResourceURLs'))) {
          if (s === '*') yield fail(view.loc, `${objName(role)} grants '*' in nonResourceURLs.`);
        }
      }
    }
  },
});
