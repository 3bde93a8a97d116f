import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { isUnknown } from '../../../core/terraform/values.js';

export default defineRule({
  id: 'TG-AWS-041',
  name: 'aws-vpc-flow-logs',
  title: 'VPCs have flow logs',
  failTitle: 'VPC has no flow logs',
  kind: 'terraform',
  category: 'logging-monitoring',
  controls: ['CC7.2', 'CC7.3', 'CC6.6'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Flow logs are the network audit trail auditors ask for under CC7.2.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['aws_vpc', 'aws_flow_log'],
  aliases: ['CKV2_AWS_11', 'AVD-AWS-0178', 'f83121ea-03da-434f-9277-9cd247ab3047'],
  rationale: 'Flow logs are the only record of which addresses talked to which hosts; without them, exfiltration, scanning and lateral movement inside the VPC leave no trace.',
  controlRationale: {
    'CC7.2': 'Network traffic is recorded so anomalies can be detected.',
    'CC7.3': 'Investigating an incident needs the network record of what was reached.',
    'CC6.6': 'Traffic crossing the boundary is monitored.',
  },
  remediation: 'Add an aws_flow_log with vpc_id = aws_vpc.<name>.id, traffic_type = "ALL" (or "REJECT") and a CloudWatch Logs or S3 destination.',
  defaults: 'A VPC has no flow logs unless an aws_flow_log refers to it. A flow log that only records ACCEPT traffic is reported.',
  *check(m) {
    for (const v of m.resourcesOf('aws_vpc')) {
      const logs = m.companions(v, 'aws_flow_log', 'vpc_id', []);
      if (!logs.length) {
        if (m.hasUnlinkedCompanion('aws_flow_log', 'vpc_id')) yield indeterminate(v.headerLoc, 'an aws_flow_log names a VPC that cannot be resolved statically');
        else if (!v.hasError) yield fail(v.headerLoc, `VPC "${v.name}" has no flow log: no aws_flow_log refers to it.`);
        continue;
      }
      for (const l of logs) {
        const t = l.attr('traffic_type');
        if (t && isUnknown(t.value)) yield indeterminate(t.loc, `traffic_type: ${t.value.reason}`, l.block.range.startLine);
        else if (t && t.value === 'ACCEPT')
          yield fail(t.loc, `Flow log "${l.name}" for VPC "${v.name}" records only accepted traffic, so rejected connection attempts are not logged.`, {
            blockLine: l.block.range.startLine,
            related: [{ message: `VPC "${v.name}"`, location: v.headerLoc }],
          });
      }
    }
  },
});
