import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import type { AttrRef, TfResource } from '../../../core/terraform/model.js';
import { policyStatements } from '../../../core/terraform/policy-document.js';
import { isUnknown } from '../../../core/terraform/values.js';
import { bucketBlocks } from '../_lib/aws-s3.js';
import { hasCondition, principalIsWildcard } from '../_lib/iam.js';

export default defineRule({
  id: 'TG-AWS-005',
  name: 'aws-s3-bucket-public-policy',
  title: 'S3 bucket policy does not allow anonymous access',
  failTitle: 'S3 bucket policy allows anonymous access',
  kind: 'terraform',
  category: 'access-control',
  controls: ['CC6.1', 'CC6.6', 'C1.1'],
  severity: 'critical',
  persona: 'regular',
  personaRationale: 'An anonymous bucket policy exposes data to everyone.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['aws_s3_bucket', 'aws_s3_bucket_policy'],
  aliases: ['CKV_AWS_70', '7af43613-6bb9-4a0e-8c4d-1314b799425e'],
  rationale:
    'A bucket policy statement that allows Principal "*" without any condition grants its actions to every caller on the internet, signed or not. Unlike an ACL it can also grant write and delete.',
  controlRationale: {
    'CC6.1': 'The statement removes authentication and authorisation from the granted actions.',
    'CC6.6': 'It exposes the bucket to requests from outside the system boundary.',
    'C1.1': 'Confidential objects become readable (or deletable) by anyone.',
  },
  remediation:
    'Name the principals that need access (account, role or service principal), or add a condition such as aws:SourceVpce, aws:PrincipalOrgID or aws:SourceArn; serve public content through CloudFront with origin access control.',
  defaults: 'A statement with a Condition is treated as restricted. A public statement is not reported when block_public_policy or restrict_public_buckets is known to be on for the bucket.',
  *check(m) {
    const buckets = m.resourcesOf('aws_s3_bucket');
    function* judge(a: AttrRef | undefined, owner: TfResource, bucket: TfResource | undefined, what: string) {
      if (!a) return;
      const sts = policyStatements(a.value);
      if (isUnknown(sts)) {
        yield indeterminate(a.loc, `policy: ${sts.reason}`, owner.block.range.startLine);
        return;
      }
      for (const s of sts ?? []) {
        if (s.effect !== 'Allow') continue;
        const w = principalIsWildcard(s.principals);
        if (isUnknown(s.condition) && w !== false) {
          yield indeterminate(a.loc, `policy condition: ${s.condition.reason}`, owner.block.range.startLine);
          continue;
        }
        if (hasCondition(s.condition)) continue;
        if (isUnknown(w)) {
          yield indeterminate(a.loc, `policy principal: ${w.reason}`, owner.block.range.startLine);
          continue;
        }
        if (!w) continue;
        if (bucket && (bucketBlocks(m, bucket, 'block_public_policy') || bucketBlocks(m, bucket, 'restrict_public_buckets'))) return;
        const acts = s.actions.length ? s.actions.join(', ') : 'its actions';
        yield fail(a.loc, `${what} allows ${acts} to any principal ("*") without a condition.`, { blockLine: owner.block.range.startLine });
        return;
      }
    }
    for (const b of buckets) yield* judge(b.attr('policy'), b, b, `S3 bucket "${b.name}" policy`);
    for (const p of m.resourcesOf('aws_s3_bucket_policy')) {
      const target = buckets.find((b) => m.companions(b, 'aws_s3_bucket_policy', 'bucket').includes(p));
      yield* judge(p.attr('policy'), p, target, `Bucket policy "${p.name}"`);
    }
  },
});
