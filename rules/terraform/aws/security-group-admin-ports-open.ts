import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { isUnknown } from '../../../core/terraform/values.js';
import { coversAllPorts, coversPort, fromWorld, portText, securityGroupIngress } from '../_lib/aws-network.js';

export default defineRule({
  id: 'TG-AWS-026',
  name: 'aws-security-group-admin-ports-open',
  title: 'Security groups do not open SSH or RDP to the internet',
  failTitle: 'Security group opens SSH or RDP to the internet',
  kind: 'terraform',
  category: 'network-exposure',
  controls: ['CC6.6', 'CC6.1'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'SSH or RDP open to the internet is the most cited network exposure.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['aws_security_group', 'aws_security_group_rule', 'aws_vpc_security_group_ingress_rule', 'aws_default_security_group'],
  aliases: ['CKV_AWS_24', 'CKV_AWS_25', 'AVD-AWS-0107', '65905cec-d691-4320-b320-2000436cb696', '151187cb-0efc-481c-babd-ad24e3c9bc22'],
  rationale: 'SSH and RDP reachable from 0.0.0.0/0 or ::/0 are scanned and brute-forced within minutes of exposure. Administrative access should come through a bastion, VPN or SSM Session Manager.',
  controlRationale: {
    'CC6.6': 'The boundary does not expose administrative entry points to the internet.',
    'CC6.1': 'Administrative access paths are restricted to known networks.',
  },
  remediation: 'Restrict the source to a known CIDR (VPN, office, bastion security group) or remove the rule and use SSM Session Manager.',
  defaults: 'from_port/to_port of inline rules default to 0. Rules that open all ports are reported by TG-AWS-027 instead, so the same line is not reported twice.',
  *check(m) {
    for (const i of securityGroupIngress(m, true)) {
      const w = fromWorld(i);
      if (w === false) continue;
      const all = coversAllPorts(i);
      if (all === true) continue;
      const ssh = coversPort(i, 22);
      const rdp = coversPort(i, 3389, ['tcp', 'udp']);
      if (ssh === false && rdp === false) continue;
      if (isUnknown(w) || isUnknown(ssh) || isUnknown(rdp) || isUnknown(all) || i.maybe) {
        const why = isUnknown(w) ? `source CIDRs: ${w.reason}` : isUnknown(ssh) ? `ports: ${ssh.reason}` : isUnknown(rdp) ? `ports: ${rdp.reason}` : isUnknown(all) ? `ports: ${all.reason}` : 'dynamic block may not exist (for_each unknown)';
        yield indeterminate(i.loc, why, i.blockLine);
        continue;
      }
      const which = ssh === true && rdp === true ? 'SSH (22) and RDP (3389)' : ssh === true ? 'SSH (22)' : 'RDP (3389)';
      yield fail(i.loc, `${i.label} allows ${which} from the internet (${portText(i)}).`, { blockLine: i.blockLine });
    }
  },
});
