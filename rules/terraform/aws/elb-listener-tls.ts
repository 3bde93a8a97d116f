import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asNumber, asString, isUnknown } from '../../../core/terraform/values.js';
import { headerOf } from '../_lib/attributes.js';

const PLAIN = new Set(['http', 'tcp']);

export default defineRule({
  id: 'TG-AWS-065',
  name: 'aws-elb-listener-tls',
  title: 'Classic load balancer listeners use HTTPS or SSL',
  failTitle: 'Classic load balancer listener accepts unencrypted traffic',
  kind: 'terraform',
  category: 'encryption-in-transit',
  controls: ['CC6.7', 'CC6.6'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Unencrypted client traffic to a load balancer is the in-transit finding of CC6.7.',
  confidence: 'high',
  introducedIn: '0.2.0',
  resourceTypes: ['aws_elb'],
  rationale:
    'A classic load balancer listener with lb_protocol http or tcp takes client traffic in clear text: credentials, session cookies and data can be read or changed on the way. Unlike an application load balancer, a classic one cannot redirect HTTP to HTTPS, so a plain listener serves the application unencrypted.',
  controlRationale: {
    'CC6.7': 'Data sent by clients is encrypted in transit.',
    'CC6.6': 'Services reachable from outside accept only encrypted connections.',
  },
  remediation: 'Use lb_protocol = "https" (or "ssl" for TCP services) with an ACM ssl_certificate_id, and remove plain listeners; better, move to an application or network load balancer with a TLS listener and an HTTP-to-HTTPS redirect.',
  defaults: 'Every listener block is judged; internal load balancers too (traffic inside the VPC is in transit as well).',
  *check(m) {
    for (const lb of m.resourcesOf('aws_elb')) {
      const blockLine = lb.block.range.startLine;
      for (const l of lb.blocks('listener')) {
        const a = l.attr('lb_protocol');
        if (!a) continue;
        const p = asString(a.value);
        if (isUnknown(p)) {
          yield indeterminate(l.dynamicBlock ? headerOf(l) : a.loc, `lb_protocol: ${p.reason}`, blockLine);
          continue;
        }
        if (typeof p !== 'string' || !PLAIN.has(p.toLowerCase())) continue;
        if (l.maybe) {
          yield indeterminate(headerOf(l), 'dynamic block may not exist (for_each unknown)', blockLine);
          continue;
        }
        const port = asNumber(l.value('lb_port') ?? null);
        const on = typeof port === 'number' ? ` on port ${port}` : '';
        yield fail(l.dynamicBlock ? headerOf(l) : a.loc, `Classic load balancer "${lb.name}" listens with ${p.toUpperCase()}${on}, without TLS.`, { blockLine });
      }
    }
  },
});
