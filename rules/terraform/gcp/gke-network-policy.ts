import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asBool, asString, isUnknown } from '../../../core/terraform/values.js';
import { literalFix } from '../_lib/fixes.js';

export default defineRule({
  id: 'TG-GCP-019',
  name: 'gcp-gke-network-policy',
  title: 'GKE cluster enforces Kubernetes network policies',
  failTitle: 'GKE cluster does not enforce Kubernetes network policies',
  kind: 'terraform',
  category: 'network-exposure',
  controls: ['CC6.6', 'CC6.1'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Without network policies every pod can reach every other pod.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['google_container_cluster'],
  aliases: ['CKV_GCP_12', 'AVD-GCP-0056', '11e7550e-c4b6-472e-adff-c698f157cdd7'],
  rationale:
    'Without network policy enforcement every pod can connect to every other pod and service, so one compromised workload can reach databases and internal APIs across namespaces. NetworkPolicy objects do nothing until enforcement is on.',
  controlRationale: {
    'CC6.6': 'Network policies segment traffic inside the cluster and limit lateral movement.',
    'CC6.1': 'They restrict which workloads can reach sensitive services.',
  },
  remediation: 'Use GKE Dataplane V2 (datapath_provider = "ADVANCED_DATAPATH"), or set network_policy { enabled = true } with addons_config.network_policy_config { disabled = false }.',
  defaults: 'Enforcement is off unless network_policy.enabled = true or datapath_provider = "ADVANCED_DATAPATH" (Dataplane V2 always enforces). Autopilot clusters always enforce and pass.',
  *check(m) {
    for (const c of m.resourcesOf('google_container_cluster')) {
      const bl = c.block.range.startLine;
      const ap = c.attr('enable_autopilot');
      if (ap && asBool(ap.value) === true) continue;
      const dp = c.attr('datapath_provider');
      const dpv = dp ? asString(dp.value) : undefined;
      if (dpv === 'ADVANCED_DATAPATH') continue;
      const np = c.blocks('network_policy');
      const en = np[0]?.attr('enabled');
      if (en && asBool(en.value) === true && !np[0].maybe) continue;
      const unknown = [ap && isUnknown(ap.value) ? ap : undefined, dp && isUnknown(dpv) ? dp : undefined, en && isUnknown(en.value) ? en : undefined].find(Boolean);
      if (unknown) {
        yield indeterminate(unknown.loc, `${unknown.name}: ${(unknown.value as { reason: string }).reason}`, bl);
        continue;
      }
      if (en && asBool(en.value) === false) {
        yield fail(en.loc, `GKE cluster "${c.name}" does not enforce network policies, so all pods can reach each other.`, { blockLine: bl, fixes: literalFix(en, 'Set enabled = true', 'true') });
        continue;
      }
      if (c.hasError) continue;
      if (np[0]?.maybe) {
        yield indeterminate(np[0].headerLoc, 'dynamic network_policy block may not exist (for_each unknown)', bl);
        continue;
      }
      yield fail(c.headerLoc, `GKE cluster "${c.name}" does not enforce network policies: no network_policy block and no Dataplane V2.`, { blockLine: bl });
    }
  },
});
