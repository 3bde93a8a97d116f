import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asString, isUnknown } from '../../../core/terraform/values.js';
import { headerOf } from '../_lib/attributes.js';

/** Subnet purposes that do not support VPC flow logs. */
const NO_FLOW_LOGS = new Set(['REGIONAL_MANAGED_PROXY', 'GLOBAL_MANAGED_PROXY', 'INTERNAL_HTTPS_LOAD_BALANCER', 'PRIVATE_SERVICE_CONNECT', 'PRIVATE_NAT']);

export default defineRule({
  id: 'TG-GCP-014',
  name: 'gcp-subnet-flow-logs',
  title: 'VPC subnet has flow logs enabled',
  failTitle: 'VPC subnet has no flow logs',
  kind: 'terraform',
  category: 'logging-monitoring',
  controls: ['CC7.2', 'PI1.2', 'CC6.6'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Flow logs are the network audit trail auditors ask for under CC7.2.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['google_compute_subnetwork'],
  aliases: ['CKV_GCP_26', 'AVD-GCP-0029', '40430747-442d-450a-a34f-dc57149f4609'],
  rationale:
    'VPC flow logs record which addresses talked to which, on what ports. Without them, lateral movement, data exfiltration and unexpected exposure cannot be seen or reconstructed.',
  controlRationale: {
    'CC7.2': 'Flow records are a monitoring source for anomalous network activity.',
    'PI1.2': 'They document the network paths data took into and out of the system.',
    'CC6.6': 'They show whether boundary protections behave as intended.',
  },
  remediation: 'Add a log_config block (for example aggregation_interval = "INTERVAL_5_SEC", flow_sampling = 0.5, metadata = "INCLUDE_ALL_METADATA").',
  defaults: 'Flow logs are off unless a log_config block is present. Proxy-only, Private Service Connect and Private NAT subnets (purpose) do not support flow logs and are skipped.',
  *check(m) {
    for (const s of m.resourcesOf('google_compute_subnetwork')) {
      const bl = s.block.range.startLine;
      const p = asString(s.value('purpose'));
      if (typeof p === 'string' && NO_FLOW_LOGS.has(p)) continue;
      const lc = s.blocks('log_config');
      if (lc.some((b) => !b.maybe)) continue;
      if (lc.length) {
        yield indeterminate(headerOf(lc[0]), 'dynamic log_config block may not exist (for_each unknown)', bl);
        continue;
      }
      if (isUnknown(p)) {
        yield indeterminate(s.attr('purpose')!.loc, `purpose: ${p.reason}`, bl);
        continue;
      }
      if (s.hasError) continue;
      yield fail(s.headerLoc, `Subnet "${s.name}" has no VPC flow logs: no log_config block.`, { blockLine: bl });
    }
  },
});
