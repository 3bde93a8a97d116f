import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asString, isUnknown } from '../../../core/terraform/values.js';
import { headerOf, looseBool } from '../_lib/attributes.js';
import { literalFix } from '../_lib/fixes.js';

/** Parameters that make the engine require TLS: rds.force_ssl (PostgreSQL, SQL Server), require_secure_transport (MySQL, MariaDB, Aurora MySQL). */
const TLS_PARAMS = new Set(['rds.force_ssl', 'require_secure_transport']);

export default defineRule({
  id: 'TG-AWS-068',
  name: 'aws-rds-parameter-group-tls',
  title: 'RDS and Aurora parameter groups do not turn required TLS off',
  failTitle: 'RDS parameter group turns required TLS off',
  kind: 'terraform',
  category: 'encryption-in-transit',
  controls: ['CC6.7', 'CC6.1'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'A database that accepts unencrypted client connections is the in-transit finding of CC6.7.',
  confidence: 'high',
  introducedIn: '0.2.0',
  resourceTypes: ['aws_db_parameter_group', 'aws_rds_cluster_parameter_group'],
  rationale:
    'rds.force_ssl = 0 or require_secure_transport = OFF lets clients connect without TLS: passwords and query results then cross the network in clear text, and a misconfigured client silently downgrades.',
  controlRationale: {
    'CC6.7': 'Connections to the database are encrypted in transit.',
    'CC6.1': 'Database credentials are never sent in clear text.',
  },
  remediation: 'Set rds.force_ssl = 1 (PostgreSQL, SQL Server) or require_secure_transport = ON (MySQL, MariaDB, Aurora MySQL) in the parameter group, and connect with sslmode=verify-full or its equivalent.',
  defaults:
    'Only an explicit rds.force_ssl = 0 or require_secure_transport = OFF/0 is reported (parameter blocks, dynamic ones included). A parameter group that leaves them out keeps the engine default, which is TLS required for PostgreSQL 15 and later and optional for older PostgreSQL and for MySQL.',
  *check(m) {
    for (const g of m.resourcesOf('aws_db_parameter_group', 'aws_rds_cluster_parameter_group')) {
      const blockLine = g.block.range.startLine;
      const kind = g.resourceType === 'aws_db_parameter_group' ? 'DB parameter group' : 'Cluster parameter group';
      for (const p of g.blocks('parameter')) {
        const at = (loc: typeof p.headerLoc) => (p.dynamicBlock ? headerOf(p) : loc);
        const n = p.attr('name');
        if (!n) continue;
        const name = asString(n.value);
        if (isUnknown(name)) {
          // An unknown name matters only when the value could turn TLS off.
          const val = looseBool(p.value('value') ?? null);
          if (val === false || isUnknown(val)) yield indeterminate(at(n.loc), `parameter name: ${name.reason}`, blockLine);
          continue;
        }
        if (typeof name !== 'string' || !TLS_PARAMS.has(name.toLowerCase())) continue;
        const v = p.attr('value');
        if (!v) continue;
        const on = looseBool(v.value);
        if (isUnknown(on)) yield indeterminate(at(v.loc), `${name}: ${on.reason}`, blockLine);
        else if (on === false) {
          if (p.maybe) yield indeterminate(headerOf(p), 'dynamic block may not exist (for_each unknown)', blockLine);
          else
            yield fail(at(v.loc), `${kind} "${g.name}" lets clients connect without TLS (${name} = ${String(v.value)}).`, {
              blockLine,
              fixes: literalFix(v, `Set ${name} = ${tlsOn(name)}`, tlsOn(name)),
            });
        }
      }
    }
  },
});

/** The value that turns TLS enforcement on: rds.force_ssl = "1" (PostgreSQL), require_secure_transport = "ON" (MySQL). */
function tlsOn(name: string): string {
  return name.toLowerCase() === 'rds.force_ssl' ? '"1"' : '"ON"';
}
