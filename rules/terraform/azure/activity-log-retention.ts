import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asNumber, isUnknown } from '../../../core/terraform/values.js';
import { boolAt, headerOf } from '../_lib/attributes.js';
import { literalFix } from '../_lib/fixes.js';

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
  resourceTypes: ['azurerm_monitor_log_profile'],
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
  remediation: 'Set retention_policy { enabled = true, days = 365 } (or days = 0 to keep the logs indefinitely), or export the activity log with a diagnostic setting to a storage account or Log Analytics workspace kept for a year.',
  defaults:
    'A retention policy that is disabled, or has days = 0, keeps the logs indefinitely (Azure\'s semantics). Diagnostic settings for the activity log, whose retention is set on their destination, are not judged.',
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
  },
});
