import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asList, isUnknown } from '../../../core/terraform/values.js';

/** Resource type → the attribute listing its CloudWatch log exports, and what to call it. */
const EXPORTS: Record<string, [attr: string, what: string]> = {
  aws_neptune_cluster: ['enable_cloudwatch_logs_exports', 'Neptune cluster'],
  aws_docdb_cluster: ['enabled_cloudwatch_logs_exports', 'DocumentDB cluster'],
};

export default defineRule({
  id: 'TG-AWS-067',
  name: 'aws-neptune-docdb-audit-logs',
  title: 'Neptune and DocumentDB clusters export audit logs to CloudWatch',
  failTitle: 'Neptune or DocumentDB cluster does not export audit logs',
  kind: 'terraform',
  category: 'logging-monitoring',
  controls: ['CC7.2', 'CC7.3'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Audit logs of who queried a database are the monitoring evidence auditors ask for under CC7.2.',
  confidence: 'high',
  introducedIn: '0.2.0',
  resourceTypes: Object.keys(EXPORTS),
  rationale:
    'The audit log records the connections and queries made against the cluster. Exported to CloudWatch it survives the cluster, can be alerted on and answers "who read this data" during an investigation; without it there is no record at all.',
  controlRationale: {
    'CC7.2': 'Database access is recorded where monitoring can see it.',
    'CC7.3': 'Investigations can reconstruct which client queried what, and when.',
  },
  remediation:
    'Add "audit" to enable_cloudwatch_logs_exports (Neptune) or enabled_cloudwatch_logs_exports (DocumentDB); also set the cluster parameter neptune_enable_audit_log = 1 (Neptune) or audit_logs = enabled (DocumentDB) in its parameter group.',
  defaults: 'No logs are exported unless the list names them. The parameter that makes the engine write audit events (neptune_enable_audit_log, audit_logs) is not checked.',
  *check(m) {
    for (const [type, [attr, what]] of Object.entries(EXPORTS)) {
      for (const c of m.resourcesOf(type)) {
        const blockLine = c.block.range.startLine;
        const a = c.attr(attr);
        if (!a || a.value === null) {
          if (!c.hasError) yield fail(c.headerLoc, `${what} "${c.name}" does not export audit logs to CloudWatch (${attr} is not set).`, { blockLine });
          continue;
        }
        const l = asList(a.value);
        if (isUnknown(l)) yield indeterminate(a.loc, `${attr}: ${l.reason}`, blockLine);
        else if (l?.includes('audit')) continue;
        else if (l?.some(isUnknown)) yield indeterminate(a.loc, `${attr}: ${l.find(isUnknown)!.reason}`, blockLine);
        else yield fail(a.loc, `${what} "${c.name}" does not export audit logs to CloudWatch ("audit" is not in ${attr}).`, { blockLine });
      }
    }
  },
});
