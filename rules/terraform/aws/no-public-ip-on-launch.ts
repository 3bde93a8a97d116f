import { defineRule } from '../../../core/rule.js';
import { requireBool } from '../_lib/attributes.js';

export default defineRule({
  id: 'TG-AWS-030',
  name: 'aws-no-public-ip-on-launch',
  title: 'Instances and subnets do not assign public IP addresses',
  failTitle: 'Instance or subnet assigns public IP addresses',
  kind: 'terraform',
  category: 'network-exposure',
  controls: ['CC6.6'],
  severity: 'medium',
  persona: 'pedantic',
  personaRationale: 'Public subnets for load balancers and NAT legitimately assign public IPs; noisy as a default finding.',
  confidence: 'medium',
  introducedIn: '0.1.0',
  resourceTypes: ['aws_instance', 'aws_launch_template', 'aws_subnet'],
  aliases: ['CKV_AWS_88', 'CKV_AWS_130', 'AVD-AWS-0164', '5a2486aa-facf-477d-a5c1-b010789459ce'],
  rationale: 'A public IP makes an instance directly addressable from the internet, leaving its security group as the only barrier. Workloads should sit in private subnets behind load balancers or NAT.',
  controlRationale: { 'CC6.6': 'Hosts are not directly reachable from outside the boundary.' },
  remediation: 'Set associate_public_ip_address / map_public_ip_on_launch = false and expose services through a load balancer; suppress with a reason for deliberate edge hosts (bastions, NAT instances).',
  defaults: 'map_public_ip_on_launch defaults to false; an instance without associate_public_ip_address follows its subnet and is not reported.',
  *check(m) {
    for (const i of m.resourcesOf('aws_instance'))
      yield* requireBool(i, 'associate_public_ip_address', false, { dflt: false, bad: `Instance "${i.name}" gets a public IP address.`, missing: '', fix: true });
    for (const lt of m.resourcesOf('aws_launch_template'))
      for (const ni of lt.blocks('network_interfaces'))
        yield* requireBool(ni, 'associate_public_ip_address', false, { dflt: false, bad: `Launch template "${lt.name}" gives instances a public IP address.`, missing: '', blockLine: lt.block.range.startLine, fix: true });
    for (const s of m.resourcesOf('aws_subnet'))
      yield* requireBool(s, 'map_public_ip_on_launch', false, { dflt: false, bad: `Subnet "${s.name}" gives every instance launched in it a public IP address.`, missing: '', fix: true });
  },
});
