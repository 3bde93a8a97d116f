import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import type { TfResource } from '../../../core/terraform/model.js';
import { asList, asString, isUnknown } from '../../../core/terraform/values.js';
import type { CheckResult } from '../../../core/types.js';
import { companionInCaller } from '../_lib/attributes.js';

const AUDIT = ['google_project_iam_audit_config', 'google_folder_iam_audit_config', 'google_organization_iam_audit_config'];
const DATA_TYPES = ['DATA_READ', 'DATA_WRITE'];

function* auditConfigProblems(a: TfResource): Generator<CheckResult> {
  const bl = a.block.range.startLine;
  const svc = asString(a.value('service'));
  if (isUnknown(svc)) return yield indeterminate(a.attr('service')!.loc, `service: ${svc.reason}`, bl);
  if (svc !== 'allServices') return;
  const types = new Set<string>();
  let unknown = false;
  for (const c of a.blocks('audit_log_config')) {
    if (c.maybe) unknown = true;
    const t = asString(c.value('log_type'));
    if (isUnknown(t)) unknown = true;
    else if (t) types.add(t);
    const ex = c.attr('exempted_members');
    if (ex) {
      const l = asList(ex.value);
      if (isUnknown(l)) yield indeterminate(ex.loc, `exempted_members: ${l.reason}`, bl);
      else if (l && l.length) yield fail(ex.loc, `Audit config "${a.name}" exempts ${l.length} member(s) from ${typeof t === 'string' ? t : 'audit'} logging.`, { blockLine: bl });
    }
  }
  const missing = DATA_TYPES.filter((t) => !types.has(t));
  if (!missing.length) return;
  if (unknown) return yield indeterminate(a.headerLoc, 'some audit_log_config log types cannot be determined statically', bl);
  if (a.hasError) return;
  yield fail(a.headerLoc, `Audit config "${a.name}" for allServices does not enable ${missing.join(' and ')} logs.`, { blockLine: bl });
}

export default defineRule({
  id: 'TG-GCP-013',
  name: 'gcp-audit-logging-all-services',
  title: 'Data Access audit logs are enabled for all services',
  failTitle: 'Data Access audit logs are not enabled for all services',
  kind: 'terraform',
  category: 'logging-monitoring',
  controls: ['CC7.2', 'CC7.3', 'PI1.2'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Data Access audit logs are the audit trail auditors ask for under CC7.2.',
  confidence: 'medium',
  introducedIn: '0.1.0',
  resourceTypes: ['google_project', ...AUDIT],
  aliases: ['CKV2_GCP_5', 'AVD-GCP-0079', '89fe890f-b480-460c-8b6b-7d8b1468adb4'],
  rationale:
    'Admin Activity logs are always on, but reads and writes of data (objects, rows, secrets) are logged only when Data Access audit logs are enabled. Without them, access to sensitive data leaves no trail; exempted members are invisible to investigators.',
  controlRationale: {
    'CC7.2': 'Data Access logs are the events needed to monitor who reads and changes data.',
    'CC7.3': 'They let a suspected incident be evaluated by showing what data was touched.',
    'PI1.2': 'They record how data entering and leaving services was processed.',
  },
  remediation:
    'Add a google_project_iam_audit_config (or folder/organization) with service = "allServices" and audit_log_config blocks for ADMIN_READ, DATA_READ and DATA_WRITE, without exempted_members.',
  defaults:
    'Data Access logs are off by default. Each google_project created here needs a google_project_iam_audit_config for allServices that refers to it (by reference or literal project id); folder- or organization-level configs in the same configuration also count.',
  *check(m) {
    for (const a of m.resourcesOf(...AUDIT)) yield* auditConfigProblems(a);
    const parentLevel = m.resourcesOf('google_folder_iam_audit_config', 'google_organization_iam_audit_config').some((a) => a.value('service') === 'allServices');
    if (parentLevel) return;
    for (const p of m.resourcesOf('google_project')) {
      const comps = m.companions(p, 'google_project_iam_audit_config', 'project', ['project_id']);
      if (comps.length) continue;
      if (m.hasUnlinkedCompanion('google_project_iam_audit_config', 'project') || companionInCaller(m, 'google_project_iam_audit_config', 'project')) {
        yield indeterminate(p.headerLoc, 'a google_project_iam_audit_config names a project that cannot be resolved statically', p.block.range.startLine);
        continue;
      }
      if (p.hasError) continue;
      yield fail(p.headerLoc, `Project "${p.name}" has no Data Access audit logging: no google_project_iam_audit_config refers to it.`, { blockLine: p.block.range.startLine });
    }
  },
});
