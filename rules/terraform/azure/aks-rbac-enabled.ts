import { defineRule } from '../../../core/rule.js';
import { requireBool } from '../_lib/attributes.js';

export default defineRule({
  id: 'TG-AZR-017',
  name: 'azure-aks-rbac-enabled',
  title: 'AKS cluster has Kubernetes RBAC enabled and local accounts disabled',
  failTitle: 'AKS cluster has Kubernetes RBAC off or local accounts enabled',
  kind: 'terraform',
  category: 'access-control',
  controls: ['CC6.1', 'CC6.3'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'A cluster without RBAC has no access control over its API.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['azurerm_kubernetes_cluster'],
  aliases: ['CKV_AZURE_5', 'CKV_AZURE_141', 'AVD-AZU-0042', '86f92117-eed8-4614-9c6c-b26da20ff37f'],
  rationale:
    'Without Kubernetes RBAC every authenticated user is effectively cluster-admin. Local accounts add a static admin credential that bypasses Entra ID sign-in, MFA and access reviews, and cannot be revoked per user.',
  controlRationale: {
    'CC6.1': 'RBAC and Entra-only authentication restrict cluster access to identified, authorised users.',
    'CC6.3': 'Role bindings implement least privilege and can be granted and removed per user.',
  },
  remediation:
    'Keep role_based_access_control_enabled = true (the default), configure azure_active_directory_role_based_access_control, and set local_account_disabled = true.',
  defaults:
    'role_based_access_control_enabled defaults to true (azurerm v3+; the v2 role_based_access_control { enabled } block is honoured). local_account_disabled defaults to false, so an omitted value is reported.',
  *check(m) {
    for (const c of m.resourcesOf('azurerm_kubernetes_cluster')) {
      yield* requireBool(c, ['role_based_access_control_enabled', 'role_based_access_control.enabled'], true, {
        dflt: true,
        bad: `AKS cluster "${c.name}" has Kubernetes RBAC turned off, so every signed-in user has full control.`,
        missing: '',
        fix: true,
      });
      yield* requireBool(c, 'local_account_disabled', true, {
        dflt: false,
        bad: `AKS cluster "${c.name}" keeps local accounts, a static admin credential outside Entra ID.`,
        missing: `AKS cluster "${c.name}" does not disable local accounts, a static admin credential outside Entra ID.`,
        fix: true,
      });
    }
  },
});
