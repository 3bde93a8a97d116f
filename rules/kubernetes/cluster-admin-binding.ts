import { defineRule, fail } from '../../core/rule.js';
import { objName, objectsOf } from '../../core/kubernetes/pod.js';

export default defineRule({
  id: 'TG-K8S-019',
  name: 'k8s-cluster-admin-binding',
  title: 'No subject is bound to cluster-admin',
  failTitle: 'Subject is bound to cluster-admin',
  kind: 'kubernetes',
  objectKinds: ['ClusterRoleBinding', 'RoleBinding'],
  category: 'access-control',
  controls: ['CC6.3', 'CC6.1', 'CC6.2'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Binding cluster-admin gives a subject unrestricted control of the cluster.',
  confidence: 'high',
  aliases: ['AVD-KSV-0111', 'KSV-0111', 'C-0035', '249328b8-5f0f-409f-b1dd-029f07882e11', 'cluster-admin-role-binding'],
  rationale:
    'cluster-admin can do anything to any object in the cluster; binding it to a workload or a broad group turns any compromise of that subject into full cluster control.',
  controlRationale: {
    'CC6.3': 'Administrative access should be granted only to a small, reviewed break-glass group.',
    'CC6.1': 'Unrestricted cluster access undermines every other logical access control in the cluster.',
    'CC6.2': 'Superuser rights should be issued deliberately to identified people, not as a convenience to service accounts.',
  },
  remediation: 'Bind a purpose-built Role or ClusterRole with only the needed permissions; keep cluster-admin for an allow-listed break-glass group (option allowedSubjects).',
  defaults: 'The built-in binding to the system:masters group is skipped. Subjects listed in the allowedSubjects option ("Group:name", "User:name" or "ServiceAccount:namespace/name") are allowed.',
  options: {
    allowedSubjects: { type: 'array', items: { type: 'string' }, default: [], description: 'Subjects allowed to hold cluster-admin, as "Group:name", "User:name" or "ServiceAccount:namespace/name".' },
  },
  introducedIn: '0.1.0',
  *check(f, ctx) {
    const allowed = new Set(ctx.options.allowedSubjects);
    for (const b of objectsOf(f, 'ClusterRoleBinding', 'RoleBinding')) {
      const ref = b.view.at('roleRef', 'name');
      const isAdmin = ref?.str() === 'cluster-admin' && (b.view.at('roleRef', 'kind')?.str() ?? 'ClusterRole') === 'ClusterRole';
      for (const s of b.view.get('subjects')?.items() ?? []) {
        const kind = s.get('kind')?.str() ?? '';
        const name = s.get('name')?.str() ?? '';
        const id = kind === 'ServiceAccount' ? `${kind}:${s.get('namespace')?.str() ?? b.namespace ?? ''}/${name}` : `${kind}:${name}`;
        // The built-in cluster-admin binding is to system:masters, whose members bypass RBAC anyway.
        if (!isAdmin || allowed.has(id) || (kind === 'Group' && name === 'system:masters')) continue;
        yield fail(ref!.pairLoc, `${objName(b)} grants cluster-admin to ${kind} "${name}".`);
      }
    }
  },
});
