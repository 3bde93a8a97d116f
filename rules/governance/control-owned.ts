import { defineRule, fail } from '../../core/rule.js';
import { unowned } from '../../core/governance/model.js';
import { whereIs } from './_lib/where.js';

export default defineRule({
  id: 'TG-GOV-002',
  name: 'governance-control-owned',
  title: 'Every recorded control outside the code has an owner',
  failTitle: 'Control outside the code has no owner',
  kind: 'governance',
  category: 'governance',
  controls: ['CC1.3', 'CC1.5'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'A control nobody owns is not operated; auditors ask who is accountable for each.',
  confidence: 'high',
  introducedIn: '0.2.0',
  rationale: 'Each control needs a named person or team accountable for operating and reviewing it; a policy document without an owner is not maintained.',
  controlRationale: {
    'CC1.3': 'Responsibility for each control is assigned.',
    'CC1.5': 'The owner is accountable for the control operating as described.',
  },
  remediation: 'Set `owner:` on the control under `controls:` in .trustgate.yml, or `owner:` in the policy document\'s front matter.',
  *check(m) {
    for (const c of m.controls) if (unowned(c)) yield fail(whereIs(m, c, 'title'), `Control "${c.id}" (${c.title}) has no owner.`);
  },
});
