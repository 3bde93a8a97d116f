import { defineRule, fail } from '../../core/rule.js';
import { overdue } from '../../core/governance/model.js';
import { whereIs } from './_lib/where.js';

export default defineRule({
  id: 'TG-GOV-003',
  name: 'governance-review-current',
  title: 'Every control outside the code was reviewed within its review interval',
  failTitle: 'Control outside the code is overdue for review',
  kind: 'governance',
  category: 'governance',
  controls: ['CC5.3', 'CC3.2'],
  severity: 'low',
  persona: 'regular',
  personaRationale: 'A policy past its review date is a finding in a Type II period.',
  confidence: 'high',
  introducedIn: '0.2.0',
  rationale:
    'Policies and processes must be reviewed on a schedule (typically yearly) so they keep matching the risks and the system. The last review is the later of `last-review` under `controls:` and the policy document\'s `approved-on`; the interval is `review-interval` (default 365 days).',
  controlRationale: {
    'CC5.3': 'Policies are kept current through periodic review.',
    'CC3.2': 'A periodic review re-assesses the risks the control addresses.',
  },
  remediation: 'Review the control, then update `last-review:` under `controls:` (or `approved-on:` and `version:` in the policy document) in a pull request, so the review itself is change-managed evidence.',
  defaults: 'Without a review date a control counts as overdue; the review interval defaults to 365 days.',
  *check(m) {
    for (const c of m.controls) {
      if (!overdue(c, m.today)) continue;
      const why = c.lastReview ? `was last reviewed on ${c.lastReview}; the next review was due on ${c.nextReview} (every ${c.reviewIntervalDays} days)` : 'has no review date (last-review, or approved-on in its policy document)';
      yield fail(whereIs(m, c, 'approved-on'), `Control "${c.id}" (${c.title}) ${why}.`);
    }
  },
});
