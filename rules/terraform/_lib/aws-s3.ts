// Amazon S3: Block Public Access settings (account and bucket level) and the policies that apply to
// a bucket (inline and aws_s3_bucket_policy companions).
import type { AttrRef, TfModule, TfResource } from '../../../core/terraform/model.js';
import { asBool } from '../../../core/terraform/values.js';

export const PAB_SETTINGS = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'];

/** True when an account-level public access block with all four settings known true exists. */
export function accountBlocksAll(resources: readonly TfResource[]): boolean {
  return resources.some((a) => PAB_SETTINGS.every((s) => asBool(a.value(s) ?? false) === true));
}

/** Is a Block Public Access setting known to be on for this bucket (account-level or its own block)? */
export function bucketBlocks(m: TfModule, bucket: TfResource, setting: string): boolean {
  const on = (r: TfResource) => asBool(r.value(setting) ?? false) === true;
  return m.resourcesOf('aws_s3_account_public_access_block').some(on) || m.companions(bucket, 'aws_s3_bucket_public_access_block', 'bucket').some(on);
}

/** The policy documents that apply to a bucket: inline `policy` and aws_s3_bucket_policy companions. */
export function bucketPolicies(m: TfModule, bucket: TfResource): AttrRef[] {
  const out: AttrRef[] = [];
  const inline = bucket.attr('policy');
  if (inline) out.push(inline);
  for (const c of m.companions(bucket, 'aws_s3_bucket_policy', 'bucket')) {
    const p = c.attr('policy');
    if (p) out.push(p);
  }
  return out;
}
