import { defineRule } from '../../../core/rule.js';
import { requireBool } from '../_lib/attributes.js';

export default defineRule({
  id: 'TG-GCP-020',
  name: 'gcp-gke-legacy-abac-disabled',
  title: 'GKE cluster has legacy ABAC disabled',
  failTitle: 'GKE cluster has legacy ABAC enabled',
  kind: 'terraform',
  category: 'access-control',
  controls: ['CC6.1', 'CC6.3'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Legacy ABAC bypasses RBAC.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['google_container_cluster'],
  aliases: ['CKV_GCP_7', 'AVD-GCP-0062', '5baa92d2-d8ee-4c75-88a4-52d9d8bb8067'],
  rationale:
    'Legacy attribute-based access control grants broad, static permissions that bypass Kubernetes RBAC; with it on, service accounts and users can get far more access than their role bindings say.',
  controlRationale: {
    'CC6.1': 'RBAC-only authorisation keeps cluster access limited to explicit role bindings.',
    'CC6.3': 'It keeps permissions reviewable and removable per identity.',
  },
  remediation: 'Remove enable_legacy_abac or set it to false.',
  defaults: 'enable_legacy_abac defaults to false; only an explicit true is reported.',
  *check(m) {
    for (const c of m.resourcesOf('google_container_cluster'))
      yield* requireBool(c, 'enable_legacy_abac', false, {
        dflt: false,
        bad: `GKE cluster "${c.name}" enables legacy ABAC, which grants permissions outside RBAC.`,
        missing: '',
        fix: true,
      });
  },
});
