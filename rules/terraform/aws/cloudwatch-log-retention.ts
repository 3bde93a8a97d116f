import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asNumber, isUnknown } from '../../../core/terraform/values.js';

export default defineRule({
  id: 'TG-AWS-046',
  name: 'aws-cloudwatch-log-retention',
  title: 'CloudWatch log groups keep logs for a defined period of at least a year',
  failTitle: 'CloudWatch log group keeps logs for less than a year or without limit',
  kind: 'terraform',
  category: 'logging-monitoring',
  controls: ['CC7.2', 'CC7.3', 'C1.2'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Log retention below a year fails the usual audit-period evidence requirement.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['aws_cloudwatch_log_group'],
  aliases: ['CKV_AWS_338', 'CKV_AWS_66', 'ef0b316a-211e-42f1-888e-64efe172b755'],
  options: {
    minDays: { type: 'integer', minimum: 1, default: 365, description: 'Fewest days a log group must keep its events.' },
  },
  rationale: 'Investigations and audits look back months; logs kept only for days are gone when needed. Logs kept forever are never disposed of, which conflicts with data-retention commitments. A defined retention of at least a year satisfies both.',
  controlRationale: {
    'CC7.2': 'Monitoring data stays available for the analysis period.',
    'CC7.3': 'Evidence for evaluating incidents is retained long enough.',
    'C1.2': 'Log data, which often holds personal or confidential details, is disposed of on a schedule.',
  },
  remediation: 'Set retention_in_days to 365 or more (e.g. 400), or to the period your retention policy defines; lower the option minDays if your policy allows shorter retention.',
  defaults: 'retention_in_days defaults to 0 (never expire), which is reported as missing disposal. The minimum is the option minDays (365).',
  *check(m, ctx) {
    const minDays = ctx.options.minDays;
    for (const g of m.resourcesOf('aws_cloudwatch_log_group')) {
      const a = g.attr('retention_in_days');
      if (!a) {
        if (!g.hasError) yield fail(g.headerLoc, `Log group "${g.name}" has no retention_in_days, so its logs are never deleted.`);
        continue;
      }
      const d = asNumber(a.value);
      if (isUnknown(d)) yield indeterminate(a.loc, `retention_in_days: ${d.reason}`, g.block.range.startLine);
      else if (d === 0 || d === undefined) yield fail(a.loc, `Log group "${g.name}" never expires its logs (retention_in_days = 0).`, { blockLine: g.block.range.startLine });
      else if (d < minDays) yield fail(a.loc, `Log group "${g.name}" keeps logs for only ${d} days (less than ${minDays}).`, { blockLine: g.block.range.startLine });
    }
  },
});
