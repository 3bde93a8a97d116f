import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asList, isUnknown } from '../../../core/terraform/values.js';

export default defineRule({
  id: 'TG-AWS-044',
  name: 'aws-rds-log-exports',
  title: 'RDS databases export their logs to CloudWatch',
  failTitle: 'RDS database does not export its logs to CloudWatch',
  kind: 'terraform',
  category: 'logging-monitoring',
  controls: ['CC7.2', 'CC7.3', 'PI1.3'],
  severity: 'low',
  persona: 'pedantic',
  personaRationale: 'Database log export is useful monitoring but rarely cited without a specific logging requirement.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['aws_db_instance', 'aws_rds_cluster'],
  aliases: ['CKV_AWS_129', 'CKV_AWS_324'],
  rationale: 'Database logs (errors, connections, audit, slow queries) are the record of who connected and what failed; exported to CloudWatch they survive the instance and can be searched and alerted on.',
  controlRationale: {
    'CC7.2': 'Database activity is available to monitoring.',
    'CC7.3': 'Investigations can review connections and errors after the fact.',
    'PI1.3': 'Processing errors in the database are recorded.',
  },
  remediation: 'Set enabled_cloudwatch_logs_exports, e.g. ["postgresql", "upgrade"] for PostgreSQL or ["audit", "error", "general", "slowquery"] for MySQL.',
  defaults: 'No logs are exported unless enabled_cloudwatch_logs_exports lists some.',
  *check(m) {
    for (const r of m.resourcesOf('aws_db_instance', 'aws_rds_cluster')) {
      const a = r.attr('enabled_cloudwatch_logs_exports');
      const kind = r.resourceType === 'aws_db_instance' ? 'RDS instance' : 'RDS cluster';
      if (!a) {
        if (!r.hasError) yield fail(r.headerLoc, `${kind} "${r.name}" exports no logs to CloudWatch.`);
        continue;
      }
      const l = asList(a.value);
      if (isUnknown(l)) yield indeterminate(a.loc, `enabled_cloudwatch_logs_exports: ${l.reason}`, r.block.range.startLine);
      else if (!l || l.length === 0) yield fail(a.loc, `${kind} "${r.name}" exports no logs to CloudWatch (the list is empty).`, { blockLine: r.block.range.startLine });
    }
  },
});
