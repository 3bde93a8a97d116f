import { defineRule } from '../../../core/rule.js';
import { requireBool } from '../_lib/attributes.js';

export default defineRule({
  id: 'TG-AWS-050',
  name: 'aws-rds-deletion-protection',
  title: 'RDS databases have deletion protection',
  failTitle: 'RDS database has no deletion protection',
  kind: 'terraform',
  category: 'backup-recovery',
  controls: ['C1.1', 'A1.2'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Deletion protection guards production data against accidental deletion.',
  confidence: 'medium',
  introducedIn: '0.1.0',
  resourceTypes: ['aws_db_instance', 'aws_rds_cluster'],
  aliases: ['CKV_AWS_293', 'CKV_AWS_139', 'AVD-AWS-0177', 'AVD-AWS-0343'],
  rationale: 'Deletion protection makes deleting a database a two-step, deliberate change, so a mistaken terraform destroy, a renamed resource or a compromised automation cannot remove production data in one call.',
  controlRationale: {
    'C1.1': 'Confidential data is protected from accidental or malicious destruction.',
    'A1.2': 'The database stays available through configuration mistakes.',
  },
  remediation: 'Set deletion_protection = true (suppress with a reason for disposable environments).',
  defaults: 'deletion_protection defaults to false. Read replicas are not judged.',
  *check(m) {
    for (const r of m.resourcesOf('aws_db_instance', 'aws_rds_cluster')) {
      const replica = r.attr('replicate_source_db');
      if (replica && replica.value !== null) continue;
      const kind = r.resourceType === 'aws_db_instance' ? 'RDS instance' : 'RDS cluster';
      yield* requireBool(r, 'deletion_protection', true, {
        bad: `${kind} "${r.name}" has deletion protection turned off.`,
        missing: `${kind} "${r.name}" does not set deletion_protection = true.`,
        fix: true,
      });
    }
  },
});
