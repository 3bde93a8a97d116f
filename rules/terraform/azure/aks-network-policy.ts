import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asString, isUnknown } from '../../../core/terraform/values.js';

export default defineRule({
  id: 'TG-AZR-019',
  name: 'azure-aks-network-policy',
  title: 'AKS cluster enforces Kubernetes network policies',
  failTitle: 'AKS cluster does not enforce Kubernetes network policies',
  kind: 'terraform',
  category: 'network-exposure',
  controls: ['CC6.6', 'CC6.1'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Without network policies every pod can reach every other pod.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['azurerm_kubernetes_cluster'],
  aliases: ['CKV_AZURE_7', 'AVD-AZU-0043', 'f5342045-b935-402d-adf1-8dbbd09c0eef'],
  rationale:
    'Without a network policy engine every pod can reach every other pod and namespace, so one compromised workload can probe databases and internal APIs across the cluster. NetworkPolicy objects are silently ignored until an engine is configured.',
  controlRationale: {
    'CC6.6': 'Network policies segment traffic inside the cluster, limiting lateral movement.',
    'CC6.1': 'They restrict which workloads can reach sensitive services.',
  },
  remediation: 'Set network_profile { network_policy = "azure" | "calico" | "cilium" } when creating the cluster.',
  defaults: 'No network policy engine is installed unless network_profile.network_policy is set.',
  *check(m) {
    for (const c of m.resourcesOf('azurerm_kubernetes_cluster')) {
      const bl = c.block.range.startLine;
      const np = c.block1('network_profile');
      const a = np?.attr('network_policy');
      if (a && a.value !== null) {
        const v = asString(a.value);
        if (isUnknown(v)) yield indeterminate(a.loc, `network_policy: ${v.reason}`, bl);
        else if (v === '' || v?.toLowerCase() === 'none') yield fail(a.loc, `AKS cluster "${c.name}" has no network policy engine, so all pods can reach each other.`, { blockLine: bl });
        continue;
      }
      if (c.hasError || np?.hasError) continue;
      if (np?.maybe) {
        yield indeterminate(np.headerLoc, 'dynamic network_profile block may not exist (for_each unknown)', bl);
        continue;
      }
      yield fail(np ? np.headerLoc : c.headerLoc, `AKS cluster "${c.name}" has no network policy engine, so all pods can reach each other.`, { blockLine: bl });
    }
  },
});
