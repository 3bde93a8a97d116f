import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { isUnknown } from '../../../core/terraform/values.js';

export default defineRule({
  id: 'TG-AWS-019',
  name: 'aws-lb-http-listener-redirects',
  title: 'Load balancer HTTP listeners only redirect to HTTPS',
  failTitle: 'Load balancer HTTP listener serves traffic instead of redirecting to HTTPS',
  kind: 'terraform',
  category: 'encryption-in-transit',
  controls: ['CC6.7', 'CC6.6'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'HTTP listeners that serve content send data unencrypted in transit.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['aws_lb_listener', 'aws_alb_listener', 'aws_lb', 'aws_alb'],
  aliases: ['CKV_AWS_2', 'CKV2_AWS_20', 'AVD-AWS-0054', 'de7f5e83-da88-4046-871f-ea18504b1d43'],
  rationale: 'An HTTP listener that forwards to targets serves the application, cookies and credentials in clear text over the internet. An HTTP listener should only redirect clients to HTTPS.',
  controlRationale: {
    'CC6.7': 'Data sent between users and the application is protected by TLS.',
    'CC6.6': 'The boundary only accepts plaintext connections to send them to the encrypted endpoint.',
  },
  remediation: 'Change the HTTP listener\'s default_action to type = "redirect" with redirect { protocol = "HTTPS", port = "443", status_code = "HTTP_301" }, and serve the application from an HTTPS listener.',
  defaults: 'protocol defaults to HTTP for application load balancers. Network and gateway load balancer listeners are not judged. An HTTP listener whose default action is a redirect to HTTPS or a fixed response passes.',
  *check(m) {
    const lbs = m.resourcesOf('aws_lb', 'aws_alb');
    for (const l of m.resourcesOf('aws_lb_listener', 'aws_alb_listener')) {
      const p = l.attr('protocol');
      const lb = lbs.find((x) => x.isReferencedBy(l, 'load_balancer_arn'));
      const lbType = lb ? (lb.value('load_balancer_type') ?? 'application') : undefined;
      if (p && isUnknown(p.value)) {
        yield indeterminate(p.loc, `protocol: ${p.value.reason}`, l.block.range.startLine);
        continue;
      }
      if (p && p.value !== 'HTTP') continue;
      if (!p) {
        if (lbType === undefined || isUnknown(lbType)) {
          if (!l.attr('certificate_arn')) yield indeterminate(l.headerLoc, 'protocol is omitted and the load balancer type is not known (HTTP is the default for application load balancers)');
          continue;
        }
        if (lbType !== 'application') continue;
      }
      let unknown: string | undefined;
      let bad: string | undefined;
      const actions = l.blocks('default_action');
      for (const a of actions) {
        const t = a.value('type');
        if (isUnknown(t)) unknown ??= `default_action type: ${t.reason}`;
        else if (t === 'fixed-response') continue;
        else if (t === 'redirect') {
          const proto = a.value('redirect.protocol');
          if (isUnknown(proto)) unknown ??= `redirect protocol: ${proto.reason}`;
          else if (proto !== 'HTTPS') bad ??= 'redirects without switching to HTTPS';
        } else if (t === 'forward') bad ??= 'forwards traffic to its targets';
        else if (typeof t === 'string' && t.startsWith('authenticate')) continue;
        else if (a.maybe) unknown ??= 'dynamic default_action';
        else bad ??= `has a ${String(t)} default action`;
      }
      if (bad) yield fail(p?.loc ?? l.headerLoc, `Listener "${l.name}" accepts plain HTTP and ${bad} instead of redirecting to HTTPS.`, { blockLine: l.block.range.startLine, related: lb ? [{ message: `load balancer "${lb.name}"`, location: lb.headerLoc }] : undefined });
      else if (unknown) yield indeterminate(p?.loc ?? l.headerLoc, unknown, l.block.range.startLine);
    }
  },
});
