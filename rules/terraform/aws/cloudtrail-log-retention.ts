import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import type { TfBody, TfModule, TfResource } from '../../../core/terraform/model.js';
import { asNumber, asString, isUnknown } from '../../../core/terraform/values.js';
import { boolAt, headerOf } from '../_lib/attributes.js';
import { literalFix } from '../_lib/fixes.js';

/** The aws_s3_bucket a trail writes to: by reference, or by a literal equal to the bucket's name. */
function trailBucket(m: TfModule, trail: TfResource): TfResource | undefined {
  const refs = trail.references('s3_bucket_name');
  const name = trail.value('s3_bucket_name');
  return m.resourcesOf('aws_s3_bucket').find((b) => refs.has(`aws_s3_bucket.${b.name}`) || (typeof name === 'string' && b.value('bucket') === name));
}

/**
 * Does a lifecycle rule's prefix filter cover the trail's objects (`<s3_key_prefix>/AWSLogs/...`)?
 * true / false, or why it cannot be known (filters on tags or sizes, unknown prefixes).
 */
function covers(rule: TfBody, keyPrefix: string): boolean | string {
  const filter = rule.block1('filter');
  if (filter && (filter.blocks('and').length || filter.blocks('tag').length || filter.attr('object_size_greater_than') || filter.attr('object_size_less_than')))
    return 'the lifecycle rule filters on tags or object sizes';
  const p = filter?.attr('prefix') ?? rule.attr('prefix');
  if (!p || p.value === null) return true;
  const v = asString(p.value);
  if (isUnknown(v)) return `prefix: ${v.reason}`;
  return typeof v === 'string' && `${keyPrefix}AWSLogs/`.startsWith(v);
}

export default defineRule({
  id: 'TG-AWS-070',
  name: 'aws-cloudtrail-log-retention',
  title: 'CloudTrail log buckets keep logs for at least a year',
  failTitle: 'CloudTrail log bucket deletes logs within a year',
  kind: 'terraform',
  category: 'logging-monitoring',
  controls: ['CC7.2', 'CC7.3', 'C1.2'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'The API audit trail must cover the whole audit period; expiring it sooner removes the evidence auditors sample (CC7.2).',
  confidence: 'high',
  introducedIn: '0.2.0',
  resourceTypes: ['aws_cloudtrail', 'aws_s3_bucket', 'aws_s3_bucket_lifecycle_configuration'],
  options: {
    minDays: { type: 'integer', minimum: 1, maximum: 3650, default: 365, description: 'Fewest days CloudTrail log objects must be kept before a lifecycle rule expires them.' },
  },
  rationale:
    'CloudTrail records every API call in the account. A lifecycle rule that expires the log objects after weeks or months deletes the record of changes and of an intrusion before a SOC 2 period (usually a year) is over, and before most breaches are discovered.',
  controlRationale: {
    'CC7.2': 'The record of account activity remains available for the whole audit period.',
    'CC7.3': 'Investigations can go back far enough to find when an incident began.',
    'C1.2': 'Audit records are kept for a defined period and only then disposed of.',
  },
  remediation: 'Set the expiration of lifecycle rules that cover the trail\'s objects to 365 days or more (transition older logs to Glacier instead of deleting them).',
  defaults:
    'Without a lifecycle rule S3 keeps objects indefinitely (passes). Rules are read from aws_s3_bucket_lifecycle_configuration companions and legacy inline lifecycle_rule blocks of the trail\'s bucket in the same module; rules whose prefix does not cover <s3_key_prefix>/AWSLogs/ do not apply, rules filtering on tags or sizes are indeterminate.',
  *check(m, ctx) {
    const { minDays } = ctx.options;
    for (const trail of m.resourcesOf('aws_cloudtrail')) {
      const bucket = trailBucket(m, trail);
      if (!bucket) continue;
      const kp = asString(trail.value('s3_key_prefix') ?? '');
      const keyPrefix = typeof kp === 'string' && kp ? `${kp.replace(/\/$/, '')}/` : '';
      const related = [{ message: `trail "${trail.name}" writes its logs to bucket "${bucket.name}"`, location: trail.headerLoc }];
      const rules: { rule: TfBody; owner: TfResource; on: boolean | string }[] = [];
      for (const lc of m.companions(bucket, 'aws_s3_bucket_lifecycle_configuration', 'bucket'))
        for (const r of lc.blocks('rule')) {
          const st = asString(r.value('status') ?? 'Enabled');
          rules.push({ rule: r, owner: lc, on: isUnknown(st) ? `status: ${st.reason}` : st === 'Enabled' });
        }
      for (const r of bucket.blocks('lifecycle_rule')) rules.push({ rule: r, owner: bucket, on: boolAt(r, 'enabled', false) });
      for (const { rule, owner, on } of rules) {
        const blockLine = owner.block.range.startLine;
        if (on === false) continue;
        const a = rule.get('expiration.days');
        if (!a || a.value === null) continue;
        const days = asNumber(a.value);
        if (typeof on === 'string') {
          yield indeterminate(headerOf(rule), on, blockLine);
          continue;
        }
        if (isUnknown(days)) {
          yield indeterminate(a.loc, `expiration days: ${days.reason}`, blockLine);
          continue;
        }
        if (days === undefined || days >= minDays) continue;
        const c = covers(rule, keyPrefix);
        if (typeof c === 'string') yield indeterminate(a.loc, c, blockLine);
        else if (c)
          yield fail(a.loc, `Bucket "${bucket.name}" deletes CloudTrail logs after ${days} day${days === 1 ? '' : 's'} (less than ${minDays}).`, {
            blockLine,
            related,
            fixes: literalFix(a, `Set days = ${minDays}`, String(minDays)),
          });
      }
    }
  },
});
