import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import type { TfBody } from '../../../core/terraform/model.js';
import { asBool, asNumber, isUnknown } from '../../../core/terraform/values.js';
import type { CheckResult } from '../../../core/types.js';
import { companionInCaller } from '../_lib/attributes.js';

const POLICY = 'azurerm_mssql_server_extended_auditing_policy';
const MIN_DAYS = 90;

/** Problems of one auditing policy body: [] when it audits with enough retention. */
function* policyProblems(p: TfBody, server: string, bl: number): Generator<CheckResult> {
  const en = p.attr('enabled');
  if (en) {
    const b = asBool(en.value);
    if (isUnknown(b)) return yield indeterminate(en.loc, `enabled: ${b.reason}`, bl);
    if (b === false) return yield fail(en.loc, `SQL server "${server}" has its auditing policy turned off.`, { blockLine: bl });
  }
  const r = p.attr('retention_in_days');
  if (!r) return;
  const d = asNumber(r.value);
  if (isUnknown(d)) return yield indeterminate(r.loc, `retention_in_days: ${d.reason}`, bl);
  if (d !== undefined && d > 0 && d < MIN_DAYS)
    yield fail(r.loc, `SQL server "${server}" keeps audit logs for only ${d} days (at least ${MIN_DAYS} expected).`, { blockLine: bl });
}

export default defineRule({
  id: 'TG-AZR-015',
  name: 'azure-sql-server-auditing',
  title: 'Azure SQL server has auditing with at least 90 days retention',
  failTitle: 'Azure SQL server has no auditing or keeps it for less than 90 days',
  kind: 'terraform',
  category: 'logging-monitoring',
  controls: ['CC7.2', 'CC7.3', 'C1.2', 'PI1.2'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Database auditing is the audit trail auditors ask for under CC7.2.',
  confidence: 'medium',
  introducedIn: '0.1.0',
  resourceTypes: ['azurerm_mssql_server', 'azurerm_sql_server', POLICY],
  aliases: ['CKV_AZURE_23', 'CKV_AZURE_24', 'AVD-AZU-0027', 'AVD-AZU-0025', 'f7e296b0-6660-4bc5-8f87-22ac4a815edf'],
  rationale:
    'SQL auditing records logins, permission changes and queries against the database. Without it, or with a short retention, unauthorised data access cannot be detected or investigated after the fact.',
  controlRationale: {
    'CC7.2': 'Database audit events are the signal for monitoring unusual access to data.',
    'CC7.3': 'Retained audit logs let a suspected incident be evaluated and scoped.',
    'C1.2': 'Audit trails show who read or removed confidential data, supporting its controlled handling.',
    'PI1.2': 'Audit records document how data entering the system was processed.',
  },
  remediation:
    'Add an azurerm_mssql_server_extended_auditing_policy for the server (server_id) with a storage or Log Analytics target and retention_in_days of 90 or more (0 keeps logs forever).',
  defaults:
    'A server has no auditing unless an azurerm_mssql_server_extended_auditing_policy refers to it, or (older providers) an inline extended_auditing_policy block exists. retention_in_days = 0 means unlimited; an omitted retention is not reported.',
  *check(m) {
    for (const s of m.resourcesOf('azurerm_mssql_server', 'azurerm_sql_server')) {
      const bl = s.block.range.startLine;
      const inline = s.blocks('extended_auditing_policy');
      const comps = m.companions(s, POLICY, 'server_id');
      if (!inline.length && !comps.length) {
        if (m.hasUnlinkedCompanion(POLICY, 'server_id') || companionInCaller(m, POLICY, 'server_id')) {
          yield indeterminate(s.headerLoc, `an ${POLICY} names a server that cannot be resolved statically`, bl);
          continue;
        }
        if (s.hasError) continue;
        yield fail(s.headerLoc, `SQL server "${s.name}" has no auditing policy: no ${POLICY} refers to it.`, { blockLine: bl });
        continue;
      }
      for (const p of inline) yield* policyProblems(p, s.name, bl);
      for (const c of comps) yield* policyProblems(c, s.name, c.block.range.startLine);
    }
  },
});
