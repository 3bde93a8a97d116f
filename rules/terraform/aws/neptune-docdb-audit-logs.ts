import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { TfResource, type TfModule } from '../../../core/terraform/model.js';
import { asList, asString, isUnknown } from '../../../core/terraform/values.js';
import { headerOf } from '../_lib/attributes.js';
import { clusterParameterGroup, groupParameter } from '../_lib/aws-parameters.js';

interface Engine {
  what: string;
  /** The attribute listing CloudWatch log exports. */
  exports: string;
  /** The cluster attribute naming its parameter group, the group's resource type, and the audit parameter. */
  groupAttr: string;
  groupType: string;
  param: string;
  /** Does a value of the audit parameter write audit events? */
  on: (v: string) => boolean;
}

const ENGINES: Record<string, Engine> = {
  aws_neptune_cluster: {
    what: 'Neptune cluster',
    exports: 'enable_cloudwatch_logs_exports',
    groupAttr: 'neptune_cluster_parameter_group_name',
    groupType: 'aws_neptune_cluster_parameter_group',
    param: 'neptune_enable_audit_log',
    on: (v) => v.trim() === '1' || v.trim().toLowerCase() === 'true',
  },
  aws_docdb_cluster: {
    what: 'DocumentDB cluster',
    exports: 'enabled_cloudwatch_logs_exports',
    groupAttr: 'db_cluster_parameter_group_name',
    groupType: 'aws_docdb_cluster_parameter_group',
    param: 'audit_logs',
    on: (v) => !['disabled', 'none', ''].includes(v.trim().toLowerCase()),
  },
};

export default defineRule({
  id: 'TG-AWS-067',
  name: 'aws-neptune-docdb-audit-logs',
  title: 'Neptune and DocumentDB clusters write audit logs and export them to CloudWatch',
  failTitle: 'Neptune or DocumentDB cluster does not export audit logs',
  kind: 'terraform',
  category: 'logging-monitoring',
  controls: ['CC7.2', 'CC7.3'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Audit logs of who queried a database are the monitoring evidence auditors ask for under CC7.2.',
  confidence: 'high',
  introducedIn: '0.2.0',
  resourceTypes: [...Object.keys(ENGINES), ...Object.values(ENGINES).map((e) => e.groupType)],
  rationale:
    'The audit log records the connections and queries made against the cluster. Exported to CloudWatch it survives the cluster, can be alerted on and answers "who read this data" during an investigation; without it there is no record at all. Both switches are needed: the engine writes audit events only when its cluster parameter group turns them on, and the export only ships what is written.',
  controlRationale: {
    'CC7.2': 'Database access is recorded where monitoring can see it.',
    'CC7.3': 'Investigations can reconstruct which client queried what, and when.',
  },
  remediation:
    'Add "audit" to enable_cloudwatch_logs_exports (Neptune) or enabled_cloudwatch_logs_exports (DocumentDB), and give the cluster a parameter group that sets neptune_enable_audit_log = 1 (Neptune) or audit_logs = enabled (DocumentDB).',
  defaults:
    'No logs are exported unless the list names them. The default parameter groups leave audit logging off, so a cluster without its own parameter group writes no audit events even when "audit" is exported; a parameter group that is not in the module is indeterminate.',
  *check(m) {
    for (const [type, e] of Object.entries(ENGINES)) {
      for (const c of m.resourcesOf(type)) {
        const blockLine = c.block.range.startLine;
        const a = c.attr(e.exports);
        if (!a || a.value === null) {
          if (!c.hasError) yield fail(c.headerLoc, `${e.what} "${c.name}" does not export audit logs to CloudWatch (${e.exports} is not set).`, { blockLine });
          continue;
        }
        const l = asList(a.value);
        if (isUnknown(l)) yield indeterminate(a.loc, `${e.exports}: ${l.reason}`, blockLine);
        else if (l?.includes('audit')) yield* auditWritten(m, c, e);
        else if (l?.some(isUnknown)) yield indeterminate(a.loc, `${e.exports}: ${l.find(isUnknown)!.reason}`, blockLine);
        else yield fail(a.loc, `${e.what} "${c.name}" does not export audit logs to CloudWatch ("audit" is not in ${e.exports}).`, { blockLine });
      }
    }
  },
});

/** The cluster exports "audit": does its parameter group make the engine write audit events? */
function* auditWritten(m: TfModule, c: TfResource, e: Engine) {
  const blockLine = c.block.range.startLine;
  const g = clusterParameterGroup(m, c, e.groupAttr, e.groupType);
  if (g === 'default') {
    if (!c.hasError) yield fail(c.headerLoc, `${e.what} "${c.name}" exports audit logs, but its default parameter group does not write any (${e.param} is off).`, { blockLine });
    return;
  }
  if (isUnknown(g)) {
    yield indeterminate(c.attr(e.groupAttr)!.loc, `${e.groupAttr}: ${g.reason}`, blockLine);
    return;
  }
  if (!(g instanceof TfResource)) {
    const name = asString(g.value);
    if (typeof name === 'string' && name.startsWith('default.'))
      yield fail(g.loc, `${e.what} "${c.name}" exports audit logs, but the default parameter group "${name}" does not write any (${e.param} is off).`, { blockLine });
    else yield indeterminate(g.loc, `${e.groupAttr}: the parameter group is not defined in this module`, blockLine);
    return;
  }
  const related = [{ message: `${e.what} "${c.name}" uses this parameter group`, location: c.headerLoc }];
  const p = groupParameter(g, e.param);
  if (isUnknown(p)) {
    yield indeterminate(g.headerLoc, `a parameter name is unknown: ${p.reason}`, g.block.range.startLine);
    return;
  }
  if (!p) {
    if (!g.hasError) yield fail(g.headerLoc, `Parameter group "${g.name}" does not set ${e.param}, so ${e.what} "${c.name}" writes no audit logs to export.`, { blockLine: g.block.range.startLine, related });
    return;
  }
  const v = asString(p.value.value);
  const at = p.body.dynamicBlock ? headerOf(p.body) : p.value.loc;
  if (isUnknown(v)) yield indeterminate(at, `${e.param}: ${v.reason}`, g.block.range.startLine);
  else if (typeof v === 'string' && !e.on(v))
    yield fail(at, `Parameter group "${g.name}" turns audit logging off (${e.param} = ${v}), so ${e.what} "${c.name}" writes no audit logs to export.`, { blockLine: g.block.range.startLine, related });
}
