import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { isUnknown } from '../../../core/terraform/values.js';

export default defineRule({
  id: 'TG-AWS-001',
  name: 'aws-s3-bucket-access-logging',
  title: 'S3 bucket has server access logging',
  failTitle: 'S3 bucket has no server access logging',
  kind: 'terraform',
  category: 'logging-monitoring',
  controls: ['CC7.2', 'CC4.1'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Access logs on data buckets are the audit trail auditors ask for under CC7.2.',
  confidence: 'high',
  resourceTypes: ['aws_s3_bucket', 'aws_s3_bucket_logging'],
  aliases: ['CKV_AWS_18', 'AVD-AWS-0089', 'f861041c-8c9f-4156-acfc-5e6e524f5884'],
  introducedIn: '0.1.0',
  controlRationale: {
    'CC7.2':
      'Access logs are the raw record needed to detect anomalous reads, writes and deletions of the bucket\'s data.',
    'CC4.1':
      'Logging being on is itself evidence that the monitoring control operates for this data store.',
  },
  rationale:
    'CC7.2 expects the entity to monitor its systems for anomalies that indicate malicious acts or errors; S3 server access logs record every request to the bucket so that unusual access can be detected and investigated.',
  remediation:
    'Add an aws_s3_bucket_logging resource for the bucket (AWS provider v4+) or a logging block with target_bucket (older providers), writing to a dedicated log bucket.',
  defaults: 'A bucket has no access logging unless a logging block or an aws_s3_bucket_logging resource names it.',
  *check(m) {
    for (const b of m.resourcesOf('aws_s3_bucket')) {
      const inline = b.blocks('logging');
      if (inline.length) {
        const t = inline[0].get('target_bucket');
        if (t && !isUnknown(t.value) && !t.value) yield fail(t.loc, 'The logging block has an empty target_bucket.', { blockLine: b.block.range.startLine });
        continue;
      }
      if (m.companions(b, 'aws_s3_bucket_logging', 'bucket').length) continue;
      if (m.hasUnlinkedCompanion('aws_s3_bucket_logging', 'bucket')) {
        yield indeterminate(b.headerLoc, 'an aws_s3_bucket_logging resource names a bucket that cannot be resolved statically');
        continue;
      }
      yield fail(b.headerLoc, `S3 bucket "${b.name}" has no access logging: no logging block and no aws_s3_bucket_logging resource refers to it.`);
    }
  },
});
