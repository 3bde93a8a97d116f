import { defineRule } from '../../../core/rule.js';
import { requireBool } from '../_lib/attributes.js';

export default defineRule({
  id: 'TG-AWS-039',
  name: 'aws-cloudtrail-log-file-validation',
  title: 'CloudTrail log file integrity validation is on',
  failTitle: 'CloudTrail log file integrity validation is off',
  kind: 'terraform',
  category: 'logging-monitoring',
  controls: ['CC7.3', 'PI1.3'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Log file validation is the integrity control for audit logs.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['aws_cloudtrail'],
  aliases: ['CKV_AWS_36', 'AVD-AWS-0016', '52ffcfa6-6c70-4ea6-8376-d828d3961669'],
  rationale: 'Digest files let an investigator prove that trail logs were not modified or deleted after delivery; without them an intruder who reaches the log bucket can rewrite history unnoticed.',
  controlRationale: {
    'CC7.3': 'Evaluating a security event relies on audit logs whose integrity can be proven.',
    'PI1.3': 'The record of processing is protected from undetected alteration.',
  },
  remediation: 'Set enable_log_file_validation = true.',
  defaults: 'enable_log_file_validation defaults to false.',
  *check(m) {
    for (const t of m.resourcesOf('aws_cloudtrail'))
      yield* requireBool(t, 'enable_log_file_validation', true, {
        bad: `CloudTrail "${t.name}" has log file validation turned off.`,
        missing: `CloudTrail "${t.name}" does not set enable_log_file_validation = true.`,
        fix: true,
      });
  },
});
