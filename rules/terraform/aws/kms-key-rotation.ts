import { defineRule, indeterminate } from '../../../core/rule.js';
import { isUnknown } from '../../../core/terraform/values.js';
import { requireBool } from '../_lib/attributes.js';

export default defineRule({
  id: 'TG-AWS-016',
  name: 'aws-kms-key-rotation',
  title: 'Customer managed KMS keys rotate automatically',
  failTitle: 'Customer managed KMS key does not rotate automatically',
  kind: 'terraform',
  category: 'encryption-at-rest',
  controls: ['CC6.1', 'PI1.5', 'C1.1'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Key rotation is a key-management control auditors test under CC6.1.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['aws_kms_key'],
  aliases: ['CKV_AWS_7', 'AVD-AWS-0065'],
  rationale: 'Automatic rotation replaces the key material every year (or a chosen period) so that any exposure of old material has a bounded lifetime, without re-encrypting data.',
  controlRationale: {
    'CC6.1': 'Protecting encryption keys includes limiting how long one key material is used.',
    'PI1.5': 'Stored data stays protected by current key material.',
    'C1.1': 'Confidential data is protected by keys managed through their lifecycle.',
  },
  remediation: 'Set enable_key_rotation = true (optionally rotation_period_in_days).',
  defaults: 'enable_key_rotation defaults to false. Asymmetric, HMAC and external-origin keys cannot rotate and are skipped.',
  *check(m) {
    for (const k of m.resourcesOf('aws_kms_key')) {
      const spec = k.attr('customer_master_key_spec');
      if (spec && isUnknown(spec.value)) {
        yield indeterminate(spec.loc, `customer_master_key_spec: ${spec.value.reason}`, k.block.range.startLine);
        continue;
      }
      if (spec && spec.value !== 'SYMMETRIC_DEFAULT') continue;
      const origin = k.value('custom_key_store_id');
      if (origin && !isUnknown(origin)) continue;
      yield* requireBool(k, 'enable_key_rotation', true, {
        bad: `KMS key "${k.name}" has automatic rotation turned off.`,
        missing: `KMS key "${k.name}" does not set enable_key_rotation = true.`,
        fix: true,
      });
    }
  },
});
