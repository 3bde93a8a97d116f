import { defineRule } from '../../../core/rule.js';
import { requireBool } from '../_lib/attributes.js';
import { accountBlocksAll, PAB_SETTINGS as SETTINGS } from '../_lib/aws-s3.js';

export default defineRule({
  id: 'TG-AWS-003',
  name: 'aws-s3-bucket-public-access-block',
  title: 'S3 public access blocks keep all four settings on',
  failTitle: 'S3 public access block leaves a setting off',
  kind: 'terraform',
  category: 'access-control',
  controls: ['CC6.1', 'CC6.6', 'C1.1'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Public access blocks are the account-level guard against public buckets.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['aws_s3_bucket_public_access_block', 'aws_s3_account_public_access_block'],
  aliases: ['CKV_AWS_53', 'CKV_AWS_54', 'CKV_AWS_55', 'CKV_AWS_56', 'CKV2_AWS_6', 'AVD-AWS-0086', 'AVD-AWS-0087', 'AVD-AWS-0091', 'AVD-AWS-0093', '1ec253ab-c220-4d63-b2de-5b40e0af9293', '1a4bc881-9f69-4d44-8c9a-d37d08f54c50', 'd0cc8694-fcad-43ff-ac86-32331d7e867f', '4fa66806-0dd9-4f8d-9480-3174d39c7c91'],
  rationale:
    'S3 Block Public Access is the guard that stops a single ACL or bucket policy mistake from publishing data to the internet. A public access block resource that turns any of its four settings off removes that guard for the bucket or the whole account.',
  controlRationale: {
    'CC6.1': 'Block Public Access restricts logical access to stored data to authorised principals.',
    'CC6.6': 'It closes the internet-facing path to the data that a public ACL or policy would open.',
    'C1.1': 'It keeps confidential objects from being exposed by a later permissions change.',
  },
  remediation:
    'Set block_public_acls, block_public_policy, ignore_public_acls and restrict_public_buckets to true (or remove the resource: new buckets have all four on by default). Serve public content through CloudFront with origin access control instead.',
  defaults:
    'Since April 2023 new buckets have all four settings on, so a bucket without a public access block resource passes. Inside aws_s3_bucket_public_access_block and aws_s3_account_public_access_block each omitted setting defaults to false and is reported. An account-level block with all four on makes bucket-level settings irrelevant.',
  *check(m) {
    const accounts = m.resourcesOf('aws_s3_account_public_access_block');
    const accountOk = accountBlocksAll(accounts);
    for (const a of accounts) {
      for (const s of SETTINGS)
        yield* requireBool(a, s, true, {
          dflt: false,
          bad: `Account public access block "${a.name}" turns ${s} off.`,
          missing: `Account public access block "${a.name}" leaves ${s} unset, which means off.`,
          fix: true,
        });
    }
    if (accountOk) return;
    for (const p of m.resourcesOf('aws_s3_bucket_public_access_block')) {
      for (const s of SETTINGS)
        yield* requireBool(p, s, true, {
          dflt: false,
          bad: `Public access block "${p.name}" turns ${s} off for its bucket.`,
          missing: `Public access block "${p.name}" leaves ${s} unset, which means off for its bucket.`,
          fix: true,
        });
    }
  },
});
