import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import type { TfResource } from '../../../core/terraform/model.js';
import { asNumber, asString, isUnknown } from '../../../core/terraform/values.js';
import { boolAt, headerOf } from '../_lib/attributes.js';
import { literalFix } from '../_lib/fixes.js';

/** Log Analytics keeps data 30 days unless retention_in_days says otherwise. */
const WORKSPACE_DEFAULT_DAYS = 30;

/** A diagnostic setting on a subscription exports its activity log (by literal id or a subscription reference). */
function onSubscription(d: TfResource): boolean {
  const t = d.attr('target_resource_id');
  if (!t) return false;
  const v = asString(t.value);
  if (typeof v === 'string') return /^\/subscriptions\/[^/]+\/?$/i.test(v);
  return [...d.references('target_resource_id')].some((r) => /^(data\.)?azurerm_subscription\./.test(r));
}

export default defineRule({
  id: 'TG-AZR-032',
  name: 'azure-activity-log-retention',
  title: 'The Azure activity log is kept for at least a year',
  failTitle: 'Azure activity log is kept for less than a year',
  kind: 'terraform',
  category: 'logging-monitoring',
  controls: ['CC7.2', 'CC7.3', 'C1.2'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Retention of the control-plane audit trail for the audit period is evidence auditors check directly (CC7.2).',
  confidence: 'high',
  introducedIn: '0.2.0',
  resourceTypes: ['azurerm_monitor_log_profile', 'azurerm_monitor_diagnostic_setting', 'azurerm_log_analytics_workspace'],
  aliases: ['CKV_AZURE_37'],
  options: {
    minDays: { type: 'integer', minimum: 1, maximum: 3650, default: 365, description: 'Fewest days the activity log must be kept (a SOC 2 Type II period is usually a year).' },
  },
  rationale:
    'The activity log records every change to Azure resources: who created, deleted or reconfigured what. Kept for less than the audit period, the record of changes and of an intrusion is gone by the time anyone asks for it.',
  controlRationale: {
    'CC7.2': 'Control-plane activity remains available for monitoring over the whole audit period.',
    'CC7.3': 'Investigations can go back far enough to find when an incident began.',
    'C1.2': 'Records are kept for a defined period and then disposed of.',
  },
  remediation:
    'Export the activity log with a subscription diagnostic setting to a Log Analytics workspace with retention_in_days = 365 or more (or to a storage account with a lifecycle policy keeping a year); on a legacy log profile set retention_policy { enabled = true, days = 365 } (or days = 0, kept indefinitely).',
  defaults:
    'Log profiles (retired by Azure in 2026): a retention policy that is disabled, or has days = 0, keeps the logs indefinitely. Diagnostic settings on a subscription that send the activity log to a Log Analytics workspace in the same module are judged by the workspace\'s retention_in_days (default 30 days); storage account and Event Hub destinations are not judged.',
  *check(m, ctx) {
    const { minDays } = ctx.options;
    for (const p of m.resourcesOf('azurerm_monitor_log_profile')) {
      const blockLine = p.block.range.startLine;
      for (const rp of p.blocks('retention_policy')) {
        const on = boolAt(rp, 'enabled', false);
        if (typeof on === 'string') {
          yield indeterminate(rp.attr('enabled')?.loc ?? headerOf(rp), on, blockLine);
          continue;
        }
        if (!on) continue;
        const a = rp.attr('days');
        if (!a) continue;
        const days = asNumber(a.value);
        if (isUnknown(days)) yield indeterminate(a.loc, `days: ${days.reason}`, blockLine);
        else if (days !== undefined && days > 0 && days < minDays)
          yield fail(a.loc, `Log profile "${p.name}" keeps the activity log for only ${days} day${days === 1 ? '' : 's'} (less than ${minDays}).`, {
            blockLine,
            fixes: literalFix(a, `Set days = ${minDays}`, String(minDays)),
          });
      }
    }
    for (const w of m.resourcesOf('azurerm_log_analytics_workspace')) {
      const settings = m.companions(w, 'azurerm_monitor_diagnostic_setting', 'log_analytics_workspace_id', ['id']).filter(onSubscription);
      if (!settings.length) continue;
      const blockLine = w.block.range.startLine;
      const related = settings.map((d) => ({ message: `diagnostic setting "${d.name}" sends the activity log here`, location: d.headerLoc }));
      const a = w.attr('retention_in_days');
      const set = a && a.value !== null;
      const days = set ? asNumber(a.value) : WORKSPACE_DEFAULT_DAYS;
      if (isUnknown(days)) yield indeterminate(a!.loc, `retention_in_days: ${days.reason}`, blockLine);
      else if (days !== undefined && days < minDays)
        yield fail(set ? a.loc : w.headerLoc, `Log Analytics workspace "${w.name}" keeps the activity log for only ${days} days (${set ? `retention_in_days = ${days}` : `retention_in_days defaults to ${WORKSPACE_DEFAULT_DAYS}`}; less than ${minDays}).`, {
          blockLine,
          related,
          fixes: set ? literalFix(a, `Set retention_in_days = ${minDays}`, String(minDays)) : undefined,
        });
    }
  },
});
