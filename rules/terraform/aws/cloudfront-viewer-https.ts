import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { isUnknown } from '../../../core/terraform/values.js';
import { literalFix } from '../_lib/fixes.js';

export default defineRule({
  id: 'TG-AWS-021',
  name: 'aws-cloudfront-viewer-https',
  title: 'CloudFront requires HTTPS from viewers',
  failTitle: 'CloudFront allows plain HTTP from viewers',
  kind: 'terraform',
  category: 'encryption-in-transit',
  controls: ['CC6.7', 'CC6.6'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Viewer HTTP sends data unencrypted in transit.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['aws_cloudfront_distribution'],
  aliases: ['CKV_AWS_34', 'AVD-AWS-0012', '55af1353-2f62-4fa0-a8e1-a210ca2708f5'],
  rationale: 'viewer_protocol_policy = "allow-all" serves content and accepts cookies and form posts over plain HTTP.',
  controlRationale: {
    'CC6.7': 'Content and session data between viewers and the edge are protected by TLS.',
    'CC6.6': 'The public edge does not accept unencrypted sessions.',
  },
  remediation: 'Set viewer_protocol_policy = "redirect-to-https" (or "https-only") on the default and every ordered cache behavior.',
  defaults: 'viewer_protocol_policy is required by the provider; only "allow-all" is reported.',
  *check(m) {
    for (const d of m.resourcesOf('aws_cloudfront_distribution')) {
      for (const t of ['default_cache_behavior', 'ordered_cache_behavior'])
        for (const b of d.blocks(t)) {
          const v = b.attr('viewer_protocol_policy');
          if (!v) continue;
          if (isUnknown(v.value)) yield indeterminate(v.loc, `viewer_protocol_policy: ${v.value.reason}`, d.block.range.startLine);
          else if (v.value === 'allow-all')
            yield fail(v.loc, `CloudFront distribution "${d.name}" lets viewers use plain HTTP in its ${t.replace(/_/g, ' ')}.`, {
              blockLine: d.block.range.startLine,
              fixes: literalFix(v, 'Set viewer_protocol_policy = "redirect-to-https"', '"redirect-to-https"'),
            });
        }
    }
  },
});
