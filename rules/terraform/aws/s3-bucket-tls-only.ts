import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { policyStatements, type PolicyStatement } from '../../../core/terraform/policy-document.js';
import { isUnknown, type Unknown, type Value } from '../../../core/terraform/values.js';
import { bucketPolicies } from '../_lib/aws-s3.js';
import { conditionEntries, unknownConditionValue } from '../_lib/iam.js';

const falsy = (v: Value) => (Array.isArray(v) ? v : [v]).some((x) => x === false || x === 'false');

/**
 * A Deny statement that refuses requests not made over TLS (aws:SecureTransport = false, or
 * s3:TlsVersion below a minimum); Unknown when its condition, or the value it tests, is not known.
 */
function deniesPlainHttp(s: PolicyStatement): boolean | Unknown {
  if (s.effect !== 'Deny') return false;
  if (isUnknown(s.condition)) return s.condition;
  const denies = conditionEntries(s.condition).some(
    (c) => (c.op.toLowerCase().startsWith('bool') && c.key === 'aws:securetransport' && falsy(c.values)) || (c.op.toLowerCase().startsWith('numericlessthan') && c.key === 's3:tlsversion'),
  );
  return denies || (unknownConditionValue(s.condition, ['aws:securetransport']) ?? false);
}

export default defineRule({
  id: 'TG-AWS-006',
  name: 'aws-s3-bucket-tls-only',
  title: 'S3 bucket policy denies requests that do not use TLS',
  failTitle: 'S3 bucket policy does not deny requests without TLS',
  kind: 'terraform',
  category: 'encryption-in-transit',
  controls: ['CC6.7', 'CC6.1'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Requests without TLS send data unencrypted in transit.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['aws_s3_bucket', 'aws_s3_bucket_policy'],
  aliases: ['CKV_AWS_379'],
  rationale:
    'S3 still answers plain HTTP requests. Only a bucket policy that denies requests where aws:SecureTransport is false guarantees that data and credentials travel encrypted between clients and the bucket.',
  controlRationale: {
    'CC6.7': 'Objects moving between clients and the bucket are protected by TLS.',
    'CC6.1': 'Requests that could expose signed credentials or data on the wire are refused.',
  },
  remediation:
    'Add a statement to the bucket policy: Effect "Deny", Principal "*", Action "s3:*", Resource the bucket and bucket/*, Condition Bool aws:SecureTransport = "false".',
  defaults: 'S3 accepts HTTP unless a bucket policy denies it; a bucket without a policy is reported.',
  *check(m) {
    for (const b of m.resourcesOf('aws_s3_bucket')) {
      const policies = bucketPolicies(m, b);
      if (!policies.length) {
        if (m.hasUnlinkedCompanion('aws_s3_bucket_policy', 'bucket')) {
          yield indeterminate(b.headerLoc, 'an aws_s3_bucket_policy names a bucket that cannot be resolved statically');
          continue;
        }
        if (!b.hasError) yield fail(b.headerLoc, `S3 bucket "${b.name}" has no bucket policy that denies non-TLS requests.`);
        continue;
      }
      let unknown: string | undefined;
      let ok = false;
      for (const p of policies) {
        const sts = policyStatements(p.value);
        if (isUnknown(sts)) unknown ??= sts.reason;
        for (const d of isUnknown(sts) ? [] : (sts ?? []).map(deniesPlainHttp)) {
          if (d === true) ok = true;
          else if (isUnknown(d)) unknown ??= d.reason;
        }
      }
      if (ok) continue;
      if (unknown) yield indeterminate(policies[0].loc, `bucket policy: ${unknown}`, b.block.range.startLine);
      else yield fail(policies[0].loc, `S3 bucket "${b.name}" policy does not deny requests made without TLS (aws:SecureTransport = false).`, { blockLine: b.block.range.startLine, related: [{ message: `bucket "${b.name}"`, location: b.headerLoc }] });
    }
  },
});
