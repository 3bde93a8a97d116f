import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asNumber, isUnknown } from '../../../core/terraform/values.js';

export default defineRule({
  id: 'TG-AWS-052',
  name: 'aws-backup-plan-retention',
  title: 'AWS Backup plans keep recovery points for at least 35 days',
  failTitle: 'AWS Backup plan keeps recovery points for less than 35 days',
  kind: 'terraform',
  category: 'backup-recovery',
  controls: ['A1.2', 'CC7.4', 'PI1.5'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Backup retention below the policy period leaves no recovery point to restore.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['aws_backup_plan'],
  aliases: [],
  options: {
    minDays: { type: 'integer', minimum: 1, default: 35, description: 'Fewest days a recovery point must be kept.' },
  },
  rationale: 'Corruption and intrusions are often discovered weeks later. Recovery points deleted after a few days leave nothing clean to restore.',
  controlRationale: {
    'A1.2': 'Backups are retained long enough to recover from late-detected incidents.',
    'CC7.4': 'Incident response has clean recovery points to restore from.',
    'PI1.5': 'Stored data can be restored to a known-good state.',
  },
  remediation: 'Set lifecycle { delete_after = 35 } or more on each rule (or move older points to cold storage).',
  defaults: 'A rule without lifecycle.delete_after keeps recovery points indefinitely and passes. The minimum is the option minDays (35).',
  *check(m, ctx) {
    const minDays = ctx.options.minDays;
    for (const p of m.resourcesOf('aws_backup_plan'))
      for (const r of p.blocks('rule')) {
        const a = r.get('lifecycle.delete_after');
        if (!a) continue;
        const d = asNumber(a.value);
        if (isUnknown(d)) yield indeterminate(a.loc, `delete_after: ${d.reason}`, p.block.range.startLine);
        else if (d !== undefined && d < minDays) {
          const name = r.value('rule_name');
          yield fail(a.loc, `Backup plan "${p.name}"${typeof name === 'string' ? ` rule "${name}"` : ''} deletes recovery points after ${d} days (less than ${minDays}).`, { blockLine: p.block.range.startLine });
        }
      }
  },
});
