import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asBool, asString, isUnknown } from '../../../core/terraform/values.js';
import { headerOf } from '../_lib/attributes.js';
import { isWorldCidr } from '../_lib/network.js';

export default defineRule({
  id: 'TG-GCP-010',
  name: 'gcp-sql-no-public-authorized-network',
  title: 'Cloud SQL instance does not authorise 0.0.0.0/0',
  failTitle: 'Cloud SQL instance authorises 0.0.0.0/0',
  kind: 'terraform',
  category: 'network-exposure',
  controls: ['CC6.6', 'CC6.2'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'A database authorising the whole internet is a direct exposure.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['google_sql_database_instance'],
  aliases: ['CKV_GCP_11', 'AVD-GCP-0017', 'b187edca-b81e-4fdc-aff4-aab57db45edb'],
  rationale:
    'An authorised network of 0.0.0.0/0 lets every address on the internet connect to the instance\'s public IP, so database passwords are the only defence against brute force and exploits.',
  controlRationale: {
    'CC6.6': 'Limiting authorised networks is the boundary protection for the database endpoint.',
    'CC6.2': 'It ensures only registered, approved clients can reach the database login.',
  },
  remediation:
    'Remove the 0.0.0.0/0 authorized_networks entry; connect through private IP (private_network, ipv4_enabled = false), the Cloud SQL Auth Proxy or specific client ranges.',
  defaults: 'Authorised networks are empty by default; entries are ignored when ipv4_enabled = false.',
  *check(m) {
    for (const db of m.resourcesOf('google_sql_database_instance')) {
      const bl = db.block.range.startLine;
      const ipc = db.block1('settings')?.block1('ip_configuration');
      if (!ipc) continue;
      const ip4 = ipc.attr('ipv4_enabled');
      if (ip4 && asBool(ip4.value) === false) continue;
      for (const an of ipc.blocks('authorized_networks')) {
        const a = an.attr('value');
        if (!a) continue;
        const v = asString(a.value);
        if (isUnknown(v)) {
          yield indeterminate(a.loc, `authorized network: ${v.reason}`, bl);
          continue;
        }
        if (!v || !isWorldCidr(v)) continue;
        if (an.maybe) {
          yield indeterminate(headerOf(an), 'dynamic authorized_networks block may not exist (for_each unknown)', bl);
          continue;
        }
        yield fail(a.loc, `Cloud SQL instance "${db.name}" authorises ${v}, so anyone on the internet can connect to its public IP.`, { blockLine: bl });
      }
    }
  },
});
