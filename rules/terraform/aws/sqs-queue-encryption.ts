import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asBool, isUnknown } from '../../../core/terraform/values.js';
import { literalFix } from '../_lib/fixes.js';

export default defineRule({
  id: 'TG-AWS-014',
  name: 'aws-sqs-queue-encryption',
  title: 'SQS queues use server-side encryption',
  failTitle: 'SQS queue does not use server-side encryption',
  kind: 'terraform',
  category: 'encryption-at-rest',
  controls: ['CC6.1', 'PI1.4'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Unencrypted queues are data at rest without encryption.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['aws_sqs_queue'],
  aliases: ['CKV_AWS_27', 'AVD-AWS-0096'],
  rationale: 'Queued messages can sit in SQS for up to 14 days; server-side encryption keeps them unreadable on the service\'s storage.',
  controlRationale: {
    'CC6.1': 'Queued messages are encrypted at rest.',
    'PI1.4': 'Messages carrying processing outputs are protected while queued.',
  },
  remediation: 'Remove sqs_managed_sse_enabled = false, or set kms_master_key_id to a KMS key.',
  defaults: 'New queues use SSE-SQS by default (sqs_managed_sse_enabled is true when omitted); only an explicit false without a kms_master_key_id is reported.',
  *check(m) {
    for (const r of m.resourcesOf('aws_sqs_queue')) {
      const k = r.attr('kms_master_key_id');
      if (k && typeof k.value === 'string' && k.value) continue;
      const s = r.attr('sqs_managed_sse_enabled');
      if (!s) continue;
      const v = asBool(s.value);
      if (isUnknown(v)) yield indeterminate(s.loc, `sqs_managed_sse_enabled: ${v.reason}`, r.block.range.startLine);
      else if (v === false) {
        if (k && isUnknown(k.value)) yield indeterminate(k.loc, `kms_master_key_id: ${k.value.reason}`, r.block.range.startLine);
        else yield fail(s.loc, `SQS queue "${r.name}" turns SSE-SQS off without a KMS key, so messages are stored unencrypted.`, { blockLine: r.block.range.startLine, fixes: literalFix(s, 'Set sqs_managed_sse_enabled = true', 'true') });
      }
    }
  },
});
