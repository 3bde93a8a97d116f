import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { isUnknown } from '../../../core/terraform/values.js';
import { requireBool } from '../_lib/attributes.js';

export default defineRule({
  id: 'TG-AWS-042',
  name: 'aws-lb-access-logs',
  title: 'Application and classic load balancers write access logs',
  failTitle: 'Load balancer writes no access logs',
  kind: 'terraform',
  category: 'logging-monitoring',
  controls: ['CC7.2', 'A1.2', 'PI1.2'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Load balancer access logs are the request audit trail.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['aws_lb', 'aws_alb', 'aws_elb'],
  aliases: ['CKV_AWS_91', 'CKV_AWS_92'],
  rationale: 'Load balancer access logs record every request that reached the application (client, path, status, latency); they are the evidence for detecting attacks on the edge and for reconstructing what an attacker did.',
  controlRationale: {
    'CC7.2': 'Requests at the boundary are recorded so anomalies can be detected.',
    'A1.2': 'Request logs support diagnosing availability incidents.',
    'PI1.2': 'Inputs received by the system are recorded.',
  },
  remediation: 'Add access_logs { bucket = "<log bucket>", enabled = true } to the load balancer.',
  defaults: 'aws_lb access logs are off unless access_logs.enabled = true (enabled defaults to false even when a bucket is set). Network and gateway load balancers are not judged. For aws_elb, an access_logs block is enabled by default.',
  *check(m) {
    for (const lb of m.resourcesOf('aws_lb', 'aws_alb')) {
      const t = lb.value('load_balancer_type') ?? 'application';
      if (isUnknown(t)) {
        yield indeterminate(lb.headerLoc, `load_balancer_type: ${t.reason}`);
        continue;
      }
      if (t !== 'application') continue;
      const al = lb.block1('access_logs');
      if (!al) {
        if (!lb.hasError) yield fail(lb.headerLoc, `Load balancer "${lb.name}" has no access_logs block, so requests are not logged.`);
        continue;
      }
      yield* requireBool(al, 'enabled', true, {
        blockLine: lb.block.range.startLine,
        bad: `Load balancer "${lb.name}" has access logging turned off.`,
        missing: `Load balancer "${lb.name}" has an access_logs block without enabled = true (it defaults to false).`,
        fix: true,
      });
    }
    for (const lb of m.resourcesOf('aws_elb')) {
      const al = lb.block1('access_logs');
      if (!al) {
        if (!lb.hasError) yield fail(lb.headerLoc, `Classic load balancer "${lb.name}" has no access_logs block, so requests are not logged.`);
        continue;
      }
      yield* requireBool(al, 'enabled', true, { dflt: true, bad: `Classic load balancer "${lb.name}" has access logging turned off.`, missing: '', blockLine: lb.block.range.startLine, fix: true });
    }
  },
});
