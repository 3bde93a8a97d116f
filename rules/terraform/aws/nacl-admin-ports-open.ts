import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { isUnknown } from '../../../core/terraform/values.js';
import { coversPort, fromWorld, naclIngress, portText } from '../_lib/aws-network.js';

export default defineRule({
  id: 'TG-AWS-029',
  name: 'aws-nacl-admin-ports-open',
  title: 'Network ACLs do not allow SSH or RDP from the internet',
  failTitle: 'Network ACL allows SSH or RDP from the internet',
  kind: 'terraform',
  category: 'network-exposure',
  controls: ['CC6.6'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Network ACLs open to SSH or RDP from the internet are a direct exposure.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['aws_network_acl', 'aws_network_acl_rule', 'aws_default_network_acl'],
  aliases: ['CKV_AWS_231', 'CKV_AWS_232', 'AVD-AWS-0105'],
  rationale: 'Network ACLs are the subnet-level layer of the boundary; an allow entry for SSH or RDP (or all traffic) from anywhere leaves security groups as the only control in front of administrative ports.',
  controlRationale: { 'CC6.6': 'The subnet boundary does not admit administrative protocols from the internet.' },
  remediation: 'Limit the entry to known CIDRs, or deny 22 and 3389 from 0.0.0.0/0 and ::/0 with a lower rule number than the broad allow.',
  defaults: 'Entries are read as written; rule ordering (a lower-numbered deny) is not evaluated.',
  *check(m) {
    for (const i of naclIngress(m)) {
      const w = fromWorld(i);
      if (w === false) continue;
      const ssh = coversPort(i, 22);
      const rdp = coversPort(i, 3389, ['tcp', 'udp']);
      if (ssh === false && rdp === false) continue;
      if (isUnknown(w) || isUnknown(ssh) || isUnknown(rdp) || i.maybe) {
        yield indeterminate(i.loc, isUnknown(w) ? `source CIDR: ${w.reason}` : isUnknown(ssh) ? ssh.reason : isUnknown(rdp) ? rdp.reason : 'dynamic block may not exist', i.blockLine);
        continue;
      }
      yield fail(i.loc, `${i.label} allows ${portText(i)} from the internet, including ${ssh && rdp ? 'SSH and RDP' : ssh ? 'SSH' : 'RDP'}.`, { blockLine: i.blockLine });
    }
  },
});
