import { defineRule, fail } from '../../core/rule.js';
import { expressionsIn } from '../../core/workflow/model.js';
import { stepLabel, untrustedFlows } from '../../core/workflow/expr.js';
import { stepEnvTaint, taintVia } from '../../core/workflow/taint.js';

export default defineRule({
  id: 'TG-GHA-004',
  name: 'gha-template-injection-run',
  title: 'run scripts do not interpolate attacker-controlled expressions',
  failTitle: 'run script interpolates an attacker-controlled expression',
  kind: 'workflow',
  category: 'injection',
  controls: ['CC6.8', 'CC7.1'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Template injection runs attacker text as code with the job token.',
  confidence: 'high',
  introducedIn: '0.1.0',
  aliases: ['CKV_GHA_2', '20f14e1a-a899-4e79-9f09-b6a84cd4649b', 'template-injection'],
  rationale:
    '`${{ }}` is substituted into the script text before the shell runs it, so an issue title, pull-request body, branch name or commit message becomes shell code that runs with the job token and secrets.',
  controlRationale: {
    'CC6.8': 'Text supplied by outsiders cannot become code executed inside the trusted pipeline.',
    'CC7.1': 'Workflows follow a defined secure pattern: untrusted values are passed as environment variables, never templated into scripts.',
  },
  remediation:
    'Pass the value through env (env: TITLE: ${{ github.event.issue.title }}) and use "$TITLE" in the script, quoted.',
  defaults: 'Contexts that only produce booleans (contains(), comparisons) are not reported.',
  *check(wf) {
    for (const job of wf.jobs) {
      for (const s of job.steps) {
        if (!s.run) continue;
        const env = stepEnvTaint(wf, job, s);
        for (const e of expressionsIn(s.run)) {
          const bad = untrustedFlows(e.text, env);
          if (!bad.length) continue;
          const via = taintVia(bad[0], env);
          yield fail(e.loc, `The run script of ${stepLabel(job, s)} interpolates attacker-controlled ${bad[0]}${via}; it is executed as shell code.`);
        }
      }
    }
  },
});
