import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { isUnknown } from '../../../core/terraform/values.js';

export default defineRule({
  id: 'TG-AWS-040',
  name: 'aws-cloudtrail-kms-encryption',
  title: 'CloudTrail logs are encrypted with a KMS key',
  failTitle: 'CloudTrail logs are not encrypted with a KMS key',
  kind: 'terraform',
  category: 'logging-monitoring',
  controls: ['CC7.2', 'CC6.1', 'PI1.2'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Audit logs should be protected with a managed key; auditors ask how log integrity is kept.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['aws_cloudtrail'],
  aliases: ['CKV_AWS_35', 'AVD-AWS-0015', '5d9e3164-9265-470c-9a10-57ae454ac0c7'],
  rationale: 'Trail logs reveal the whole account\'s activity. With SSE-KMS, reading them also requires kms:Decrypt on a key the security team controls, so access to the log bucket alone is not enough.',
  controlRationale: {
    'CC7.2': 'The monitoring record is protected from being read or tampered with by whoever can reach the bucket.',
    'CC6.1': 'Access to audit data is guarded by a separately controlled key.',
    'PI1.2': 'Records of API inputs are kept confidential.',
  },
  remediation: 'Set kms_key_id to a customer managed KMS key whose policy allows CloudTrail to encrypt and only the security team to decrypt.',
  defaults: 'Without kms_key_id, logs use the bucket\'s default encryption (SSE-S3).',
  *check(m) {
    for (const t of m.resourcesOf('aws_cloudtrail')) {
      const k = t.attr('kms_key_id');
      if (k && isUnknown(k.value) && k.value.error) yield indeterminate(k.loc, `kms_key_id: ${k.value.reason}`, t.block.range.startLine);
      else if (k && (isUnknown(k.value) || (typeof k.value === 'string' && k.value))) continue;
      else if (!t.hasError) yield fail(k?.loc ?? t.headerLoc, `CloudTrail "${t.name}" does not encrypt its logs with a KMS key (kms_key_id is not set).`, { blockLine: t.block.range.startLine });
    }
  },
});
