import { defineRule, fail } from '../../core/rule.js';
import { actionName, stepLabel } from '../../core/workflow/expr.js';
import { fixFor, keepsCredentials } from './_lib/checkout.js';

export default defineRule({
  id: 'TG-GHA-019',
  name: 'gha-checkout-persist-credentials',
  title: 'actions/checkout does not leave the job token in .git/config',
  failTitle: 'actions/checkout leaves the job token in .git/config',
  kind: 'workflow',
  category: 'secrets',
  controls: ['CC6.1'],
  severity: 'low',
  persona: 'pedantic',
  personaRationale: 'Right everywhere but noisy: the token only leaks when a later step uploads the workspace (TG-GHA-012) or runs untrusted code (TG-GHA-006).',
  confidence: 'high',
  introducedIn: '0.2.0',
  rationale:
    'actions/checkout writes the job token into .git/config unless persist-credentials is false; every later step, tool and dependency of the job can read it there, and anything that packages the workspace can carry it away.',
  controlRationale: {
    'CC6.1': 'A credential stays with the step that needs it instead of lying in the workspace for every later step.',
  },
  remediation: 'Add `persist-credentials: false` to the checkout; a step that must push can pass the token explicitly.',
  defaults: 'Every actions/checkout step without `persist-credentials: false` (an expression is not judged).',
  *check(wf) {
    for (const job of wf.jobs) {
      for (const s of job.steps) {
        if (actionName(s.uses?.str()) !== 'actions/checkout' || !keepsCredentials(s)) continue;
        yield fail(s.uses!.loc, `${stepLabel(job, s)} leaves the job token in .git/config for every later step (persist-credentials is not false).`, { fixes: fixFor(s) });
      }
    }
  },
});
