import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import type { AttrRef, TfResource } from '../../../core/terraform/model.js';
import { isUnknown } from '../../../core/terraform/values.js';
import { bucketBlocks } from '../_lib/aws-s3.js';
import { literalFix } from '../_lib/fixes.js';

const PUBLIC = new Set(['public-read', 'public-read-write', 'authenticated-read']);
const GROUPS = /acs\.amazonaws\.com\/groups\/global\/(AllUsers|AuthenticatedUsers)/;

export default defineRule({
  id: 'TG-AWS-004',
  name: 'aws-s3-bucket-public-acl',
  title: 'S3 bucket ACL does not grant access to everyone',
  failTitle: 'S3 bucket ACL grants access to everyone',
  kind: 'terraform',
  category: 'access-control',
  controls: ['CC6.1', 'CC6.6', 'C1.1'],
  severity: 'critical',
  persona: 'regular',
  personaRationale: 'A public bucket ACL exposes data to everyone.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['aws_s3_bucket', 'aws_s3_bucket_acl'],
  aliases: ['CKV_AWS_20', 'CKV_AWS_57', 'CKV2_AWS_43', 'AVD-AWS-0092', '38c5ee0d-7f22-4260-ab72-5073048df100', '57b9893d-33b1-4419-bcea-a717ea87e139'],
  rationale:
    'The canned ACLs public-read, public-read-write and authenticated-read (and grants to the AllUsers or AuthenticatedUsers groups) let anyone on the internet, or any AWS account, list or change the bucket. That is the most common way S3 data leaks.',
  controlRationale: {
    'CC6.1': 'A public ACL removes authentication from access to the stored data.',
    'CC6.6': 'It opens the bucket to requests from outside the system boundary.',
    'C1.1': 'Confidential objects in the bucket become readable by anyone.',
  },
  remediation: 'Use acl = "private" (or drop the ACL and keep object ownership BucketOwnerEnforced); serve public content through CloudFront with origin access control.',
  defaults: 'Buckets are private when no ACL is set. A public ACL is not reported when ignore_public_acls is known to be on for the bucket (its own public access block or the account-level one).',
  *check(m) {
    function* judge(a: AttrRef | undefined, bucket: TfResource | undefined, owner: TfResource, what: string) {
      if (!a) return;
      if (isUnknown(a.value)) {
        yield indeterminate(a.loc, `acl: ${a.value.reason}`, owner.block.range.startLine);
        return;
      }
      if (typeof a.value !== 'string' || !PUBLIC.has(a.value)) return;
      if (bucket && bucketBlocks(m, bucket, 'ignore_public_acls')) return;
      yield fail(a.loc, `${what} uses the canned ACL "${a.value}", which grants access beyond the bucket owner's account.`, {
        blockLine: owner.block.range.startLine,
        fixes: literalFix(a, 'Set acl = "private"', '"private"'),
      });
    }
    const buckets = m.resourcesOf('aws_s3_bucket');
    for (const b of buckets) yield* judge(b.attr('acl'), b, b, `S3 bucket "${b.name}"`);
    for (const r of m.resourcesOf('aws_s3_bucket_acl')) {
      const target = buckets.find((b) => m.companions(b, 'aws_s3_bucket_acl', 'bucket').includes(r));
      yield* judge(r.attr('acl'), target, r, `Bucket ACL "${r.name}"`);
      for (const g of r.blocks('access_control_policy').flatMap((p) => p.blocks('grant'))) {
        for (const ge of g.blocks('grantee')) {
          const uri = ge.get('uri');
          if (!uri) continue;
          if (isUnknown(uri.value)) {
            yield indeterminate(uri.loc, `grantee uri: ${uri.value.reason}`, r.block.range.startLine);
            continue;
          }
          const mm = typeof uri.value === 'string' ? GROUPS.exec(uri.value) : null;
          if (mm && !(target && bucketBlocks(m, target, 'ignore_public_acls')))
            yield fail(uri.loc, `Bucket ACL "${r.name}" grants access to the ${mm[1]} group.`, { blockLine: r.block.range.startLine });
        }
      }
    }
  },
});
