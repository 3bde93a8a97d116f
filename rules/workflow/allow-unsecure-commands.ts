import { defineRule, fail } from '../../core/rule.js';
import { linesOf, lineLoc, shellCode, stepLabel } from '../../core/workflow/expr.js';
import type { YView } from '../../core/yaml/view.js';

const NAME = 'ACTIONS_ALLOW_UNSECURE_COMMANDS';

export default defineRule({
  id: 'TG-GHA-008',
  name: 'gha-allow-unsecure-commands',
  title: 'Deprecated set-env/add-path workflow commands stay disabled',
  failTitle: 'Deprecated set-env/add-path workflow commands are re-enabled',
  kind: 'workflow',
  category: 'injection',
  controls: ['CC6.8'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Unsecure commands let log output set environment and path.',
  confidence: 'high',
  introducedIn: '0.1.0',
  aliases: ['CKV_GHA_1', '60fd272d-15f4-4d8f-afe4-77d9c6cc0453', 'insecure-commands'],
  rationale:
    'ACTIONS_ALLOW_UNSECURE_COMMANDS re-enables the ::set-env:: and ::add-path:: log commands, so anything that reaches the log (a test name, a commit message) can set environment variables such as LD_PRELOAD or PATH for the following steps.',
  controlRationale: {
    'CC6.8': 'Log output cannot change the execution environment of the pipeline.',
  },
  remediation: 'Remove ACTIONS_ALLOW_UNSECURE_COMMANDS and write to $GITHUB_ENV / $GITHUB_PATH files instead.',
  defaults: 'Reported when set to a true value in any env block or written to $GITHUB_ENV.',
  *check(wf) {
    const inEnv = function* (env: YView | undefined, where: string) {
      const v = env?.get(NAME);
      if (!v) return;
      const on = v.bool() === true || v.str()?.toLowerCase() === 'true';
      if (on)
        yield fail(v.pairLoc, `${where} sets ${NAME}, re-enabling the set-env and add-path log commands.`, {
          fixes: [{ title: `Set ${NAME}: false`, range: v.loc, text: 'false' }],
        });
    };
    yield* inEnv(wf.env, 'The workflow');
    for (const job of wf.jobs) {
      yield* inEnv(job.view.get('env'), `Job "${job.id}"`);
      for (const s of job.steps) {
        yield* inEnv(s.env, stepLabel(job, s)[0].toUpperCase() + stepLabel(job, s).slice(1));
        for (const l of linesOf(s.run)) {
          // A shell comment is not a write (`make # was: echo ...=true >> $GITHUB_ENV`).
          const code = shellCode(l.text);
          const i = code.indexOf(`${NAME}=true`);
          if (i >= 0 && code.includes('GITHUB_ENV')) yield fail(lineLoc(s.run!, l, i, i + NAME.length + 5), `${stepLabel(job, s)} writes ${NAME}=true to $GITHUB_ENV, re-enabling the set-env and add-path log commands.`);
        }
      }
    }
  },
});
