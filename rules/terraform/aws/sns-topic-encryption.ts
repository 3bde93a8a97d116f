import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { isUnknown } from '../../../core/terraform/values.js';

export default defineRule({
  id: 'TG-AWS-013',
  name: 'aws-sns-topic-encryption',
  title: 'SNS topics use server-side encryption',
  failTitle: 'SNS topic does not use server-side encryption',
  kind: 'terraform',
  category: 'encryption-at-rest',
  controls: ['CC6.1', 'PI1.4'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Unencrypted topics are data at rest without encryption.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['aws_sns_topic'],
  aliases: ['CKV_AWS_26', 'AVD-AWS-0095'],
  rationale: 'SNS stores messages until they are delivered; without a KMS key they are kept unencrypted, and message content often carries application data.',
  controlRationale: {
    'CC6.1': 'Stored messages are encrypted with a key whose use is access-controlled.',
    'PI1.4': 'Messages carrying processing outputs are protected while queued for delivery.',
  },
  remediation: 'Set kms_master_key_id (for example "alias/aws/sns" or a customer managed key).',
  defaults: 'SNS topics are unencrypted unless kms_master_key_id is set.',
  *check(m) {
    for (const r of m.resourcesOf('aws_sns_topic')) {
      const k = r.attr('kms_master_key_id');
      if (k && isUnknown(k.value)) yield indeterminate(k.loc, `kms_master_key_id: ${k.value.reason}`, r.block.range.startLine);
      else if (k && typeof k.value === 'string' && k.value) continue;
      else if (k) yield fail(k.loc, `SNS topic "${r.name}" has an empty kms_master_key_id, so messages are stored unencrypted.`, { blockLine: r.block.range.startLine });
      else if (!r.hasError) yield fail(r.headerLoc, `SNS topic "${r.name}" has no kms_master_key_id, so messages are stored unencrypted.`);
    }
  },
});
