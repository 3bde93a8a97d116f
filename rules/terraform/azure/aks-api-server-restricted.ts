import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asBool, asList, isUnknown } from '../../../core/terraform/values.js';
import { isWorldCidr } from '../_lib/network.js';

export default defineRule({
  id: 'TG-AZR-018',
  name: 'azure-aks-api-server-restricted',
  title: 'AKS API server is private or limited to authorised IP ranges',
  failTitle: 'AKS API server is public to any network',
  kind: 'terraform',
  category: 'network-exposure',
  controls: ['CC6.6', 'CC6.1'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'A public cluster API server is an administrative interface on the internet.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['azurerm_kubernetes_cluster'],
  aliases: ['CKV_AZURE_6', 'CKV_AZURE_115', 'AVD-AZU-0041'],
  rationale:
    'A public AKS API server with no authorised IP ranges accepts connections from the whole internet, so any leaked kubeconfig or token, or any API server vulnerability, can be exploited from anywhere.',
  controlRationale: {
    'CC6.6': 'A private endpoint or an IP allow-list is the boundary protection for the cluster control plane.',
    'CC6.1': 'It restricts who can reach the control plane to approved networks.',
  },
  remediation:
    'Set private_cluster_enabled = true, or set api_server_access_profile { authorized_ip_ranges = [...] } (api_server_authorized_ip_ranges on azurerm v2) to your administrative and CI ranges.',
  defaults: 'Clusters are public with no IP restriction unless private_cluster_enabled = true or authorised IP ranges are set.',
  *check(m) {
    for (const c of m.resourcesOf('azurerm_kubernetes_cluster')) {
      const bl = c.block.range.startLine;
      const p = c.attr('private_cluster_enabled');
      if (p) {
        const b = asBool(p.value);
        if (b === true) continue;
        if (isUnknown(b)) {
          yield indeterminate(p.loc, `private_cluster_enabled: ${b.reason}`, bl);
          continue;
        }
      }
      const r = c.get('api_server_access_profile.authorized_ip_ranges') ?? c.attr('api_server_authorized_ip_ranges');
      if (r && r.value !== null) {
        const l = asList(r.value);
        if (isUnknown(l)) {
          yield indeterminate(r.loc, `authorized_ip_ranges: ${l.reason}`, bl);
          continue;
        }
        const items = l ?? [];
        if (items.some((x) => typeof x === 'string' && isWorldCidr(x))) {
          yield fail(r.loc, `AKS cluster "${c.name}" authorises 0.0.0.0/0 on its public API server.`, { blockLine: bl });
          continue;
        }
        const u = items.find(isUnknown);
        if (u) {
          yield indeterminate(r.loc, `authorized_ip_ranges: ${u.reason}`, bl);
          continue;
        }
        if (items.length) continue;
      }
      if (c.hasError) continue;
      if (c.blocks('api_server_access_profile').some((b) => b.maybe)) {
        yield indeterminate(c.headerLoc, 'dynamic api_server_access_profile block may not exist (for_each unknown)', bl);
        continue;
      }
      yield fail(p && !r ? p.loc : (r?.loc ?? c.headerLoc), `AKS cluster "${c.name}" exposes its API server to the whole internet: it is not private and has no authorised IP ranges.`, {
        blockLine: bl,
      });
    }
  },
});
