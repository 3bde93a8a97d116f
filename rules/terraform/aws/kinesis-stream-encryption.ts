import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { isUnknown } from '../../../core/terraform/values.js';

export default defineRule({
  id: 'TG-AWS-015',
  name: 'aws-kinesis-stream-encryption',
  title: 'Kinesis data streams use KMS encryption',
  failTitle: 'Kinesis data stream does not use KMS encryption',
  kind: 'terraform',
  category: 'encryption-at-rest',
  controls: ['CC6.1', 'PI1.4', 'PI1.5'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Unencrypted streams are data at rest without encryption.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['aws_kinesis_stream'],
  aliases: ['CKV_AWS_43', 'AVD-AWS-0064'],
  rationale: 'Stream records are retained for up to a year; without KMS encryption they are stored in clear.',
  controlRationale: {
    'CC6.1': 'Stream records are encrypted with a key whose use is access-controlled.',
    'PI1.4': 'Records carrying processing outputs are protected while retained.',
    'PI1.5': 'Stored records are protected from disclosure.',
  },
  remediation: 'Set encryption_type = "KMS" and kms_key_id (for example "alias/aws/kinesis").',
  defaults: 'encryption_type defaults to "NONE".',
  *check(m) {
    for (const r of m.resourcesOf('aws_kinesis_stream')) {
      const e = r.attr('encryption_type');
      if (!e) {
        if (!r.hasError) yield fail(r.headerLoc, `Kinesis stream "${r.name}" does not set encryption_type = "KMS", so records are stored unencrypted.`);
      } else if (isUnknown(e.value)) yield indeterminate(e.loc, `encryption_type: ${e.value.reason}`, r.block.range.startLine);
      else if (e.value !== 'KMS') yield fail(e.loc, `Kinesis stream "${r.name}" uses encryption_type ${JSON.stringify(e.value)}, so records are stored unencrypted.`, { blockLine: r.block.range.startLine });
    }
  },
});
