import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { isUnknown } from '../../../core/terraform/values.js';
import { literalFix } from '../_lib/fixes.js';

const MODERN = /(TLS13-1-[23]|TLS-1-2|FS-1-2|TLS-1-3)/;
const RECOMMENDED = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

export default defineRule({
  id: 'TG-AWS-020',
  name: 'aws-lb-listener-tls-policy',
  title: 'HTTPS and TLS listeners require TLS 1.2 or later',
  failTitle: 'HTTPS or TLS listener allows TLS older than 1.2',
  kind: 'terraform',
  category: 'encryption-in-transit',
  controls: ['CC6.7', 'CC6.6'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'TLS below 1.2 is weak encryption in transit.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['aws_lb_listener', 'aws_alb_listener'],
  aliases: ['CKV_AWS_103', 'AVD-AWS-0047'],
  rationale: 'TLS 1.0 and 1.1 have known weaknesses and are no longer accepted by most compliance baselines; the listener\'s security policy decides which protocol versions and ciphers clients may negotiate.',
  controlRationale: {
    'CC6.7': 'Data in transit is protected with current protocol versions and ciphers.',
    'CC6.6': 'The boundary refuses connections that use deprecated protocols.',
  },
  remediation: `Set ssl_policy = "${RECOMMENDED}" (or another TLS 1.2+ policy such as ELBSecurityPolicy-TLS-1-2-2017-01).`,
  defaults: 'When ssl_policy is omitted on an HTTPS or TLS listener the provider uses ELBSecurityPolicy-2016-08, which allows TLS 1.0 and is reported.',
  *check(m) {
    for (const l of m.resourcesOf('aws_lb_listener', 'aws_alb_listener')) {
      const p = l.value('protocol');
      if (isUnknown(p)) continue; // TG-AWS-019 reports the unknown protocol
      if (p !== 'HTTPS' && p !== 'TLS') continue;
      const s = l.attr('ssl_policy');
      if (!s) {
        if (!l.hasError) yield fail(l.headerLoc, `${p} listener "${l.name}" has no ssl_policy, so the default ELBSecurityPolicy-2016-08 allows TLS 1.0 and 1.1.`);
        continue;
      }
      if (isUnknown(s.value)) yield indeterminate(s.loc, `ssl_policy: ${s.value.reason}`, l.block.range.startLine);
      else if (typeof s.value !== 'string' || !MODERN.test(s.value))
        yield fail(s.loc, `${p} listener "${l.name}" uses ${JSON.stringify(s.value)}, which allows TLS versions older than 1.2.`, {
          blockLine: l.block.range.startLine,
          fixes: literalFix(s, `Set ssl_policy = "${RECOMMENDED}"`, `"${RECOMMENDED}"`),
        });
    }
  },
});
