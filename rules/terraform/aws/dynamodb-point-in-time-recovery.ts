import { defineRule } from '../../../core/rule.js';
import { requireBool } from '../_lib/attributes.js';

export default defineRule({
  id: 'TG-AWS-051',
  name: 'aws-dynamodb-point-in-time-recovery',
  title: 'DynamoDB tables have point-in-time recovery',
  failTitle: 'DynamoDB table has no point-in-time recovery',
  kind: 'terraform',
  category: 'backup-recovery',
  controls: ['A1.2', 'CC7.4', 'C1.1'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Point-in-time recovery is the recovery control for tables.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['aws_dynamodb_table'],
  aliases: ['CKV_AWS_28', 'AVD-AWS-0024'],
  rationale: 'Point-in-time recovery keeps continuous backups for 35 days, so a table can be restored to the second before a bad write, a faulty deployment or a malicious delete.',
  controlRationale: {
    'A1.2': 'Table data is backed up continuously and can be recovered.',
    'CC7.4': 'Incident response can restore the table to a point before the incident.',
    'C1.1': 'Confidential records are protected from destruction.',
  },
  remediation: 'Add point_in_time_recovery { enabled = true }.',
  defaults: 'Point-in-time recovery is off unless point_in_time_recovery.enabled = true.',
  *check(m) {
    for (const t of m.resourcesOf('aws_dynamodb_table'))
      yield* requireBool(t, 'point_in_time_recovery.enabled', true, {
        bad: `DynamoDB table "${t.name}" has point-in-time recovery turned off.`,
        missing: `DynamoDB table "${t.name}" does not enable point_in_time_recovery.`,
        fix: true,
      });
  },
});
