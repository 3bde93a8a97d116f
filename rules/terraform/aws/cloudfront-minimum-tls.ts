import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asBool, isUnknown } from '../../../core/terraform/values.js';
import { literalFix } from '../_lib/fixes.js';

const OK = new Set(['TLSv1.2_2021', 'TLSv1.2_2025', 'TLSv1.3_2025']);

export default defineRule({
  id: 'TG-AWS-022',
  name: 'aws-cloudfront-minimum-tls',
  title: 'CloudFront distributions require TLS 1.2 (2021 policy) or later from viewers',
  failTitle: 'CloudFront distribution allows TLS older than 1.2 (2021 policy) from viewers',
  kind: 'terraform',
  category: 'encryption-in-transit',
  controls: ['CC6.7'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'TLS below 1.2 is weak encryption in transit.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['aws_cloudfront_distribution'],
  aliases: ['CKV_AWS_174', 'AVD-AWS-0013', '00e5e55e-c2ff-46b3-a757-a7a1cd802456'],
  rationale: 'The viewer certificate\'s security policy decides which TLS versions and ciphers viewers may use; older policies still allow TLS 1.0/1.1 or weak ciphers.',
  controlRationale: { 'CC6.7': 'Data in transit to viewers is protected with current TLS versions and ciphers.' },
  remediation: 'Serve the distribution under your own domain with an ACM certificate and set viewer_certificate.minimum_protocol_version = "TLSv1.2_2021" (or newer); the default *.cloudfront.net certificate always allows TLS 1.0.',
  defaults: 'With a custom certificate minimum_protocol_version defaults to "TLSv1" and is reported. Distributions on the default *.cloudfront.net certificate (cloudfront_default_certificate = true) are reported: AWS fixes their policy at TLSv1 and ignores minimum_protocol_version.',
  *check(m) {
    for (const d of m.resourcesOf('aws_cloudfront_distribution')) {
      const vc = d.block1('viewer_certificate');
      if (!vc) continue;
      const defA = vc.attr('cloudfront_default_certificate');
      const def = defA ? asBool(defA.value) : false;
      if (isUnknown(def)) {
        yield indeterminate(defA!.loc, `cloudfront_default_certificate: ${def.reason}`, d.block.range.startLine);
        continue;
      }
      if (def === true) {
        // AWS sets the TLSv1 policy for the *.cloudfront.net certificate and ignores minimum_protocol_version.
        yield fail(defA!.loc, `CloudFront distribution "${d.name}" uses the default *.cloudfront.net certificate, whose security policy is TLSv1: viewers may connect with TLS 1.0.`, { blockLine: d.block.range.startLine });
        continue;
      }
      if (!vc.get('acm_certificate_arn') && !vc.get('iam_certificate_id')) continue;
      const v = vc.attr('minimum_protocol_version');
      if (!v) {
        if (!vc.hasError && !vc.maybe) yield fail(vc.headerLoc, `CloudFront distribution "${d.name}" has no minimum_protocol_version, so viewers may use TLS 1.0.`, { blockLine: d.block.range.startLine });
        continue;
      }
      if (isUnknown(v.value)) yield indeterminate(v.loc, `minimum_protocol_version: ${v.value.reason}`, d.block.range.startLine);
      else if (typeof v.value !== 'string' || !OK.has(v.value))
        yield fail(v.loc, `CloudFront distribution "${d.name}" allows viewers ${JSON.stringify(v.value)}, older than TLSv1.2_2021.`, {
          blockLine: d.block.range.startLine,
          fixes: literalFix(v, 'Set minimum_protocol_version = "TLSv1.2_2021"', '"TLSv1.2_2021"'),
        });
    }
  },
});
