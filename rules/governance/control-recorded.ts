import { defineRule, fail } from '../../core/rule.js';
import { whereIs } from './_lib/where.js';

export default defineRule({
  id: 'TG-GOV-001',
  name: 'governance-control-recorded',
  title: 'Every required control outside the code is recorded',
  failTitle: 'Required control outside the code is not recorded',
  kind: 'governance',
  category: 'governance',
  controls: ['CC5.3', 'CC2.2'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'A missing policy or process (security policy, incident response, access reviews...) is a gap an auditor reports first.',
  confidence: 'high',
  introducedIn: '0.2.0',
  rationale:
    'SOC 2 expects controls that code cannot show: an information security policy, incident response, risk assessment, access reviews, training, vendor management. When the policy opts in with `controls:`, each required control of the catalogue must be recorded there or as a policy document in the repository.',
  controlRationale: {
    'CC5.3': 'Control activities are deployed through written policies; a required policy that does not exist deploys nothing.',
    'CC2.2': 'A recorded policy is what communicates responsibilities to the people who must follow it.',
  },
  remediation:
    'Add the control under `controls:` in .trustgate.yml (owner, evidence, last-review, review-interval), or add its policy document under policies/ with front matter (title, owner, version, approved-by, approved-on, review-interval). See docs/governance.md.',
  defaults: 'Runs only when .trustgate.yml has a `controls:` mapping; optional catalogue controls (privacy notice, governance structure) are never reported missing.',
  *check(m) {
    for (const c of m.controls)
      if (c.required && c.state === 'missing') yield fail(whereIs(m, c), `Required control "${c.id}" (${c.title}) is recorded neither under controls: nor as a policy document; it supports ${c.criteria.join(', ')}.`);
  },
});
