import { defineRule, fail } from '../../core/rule.js';
import { expressionsIn } from '../../core/workflow/model.js';
import type { YView } from '../../core/yaml/view.js';
import type { Location } from '../../core/types.js';
import { actionName, stepEnvTaint, stepLabel, untrustedFlows } from '../../core/workflow/expr.js';

/** Source offset of a location inside a node (by line/column). */
function offsetOf(v: YView, loc: Location): number {
  const src = v.file.src;
  let line = 1;
  let i = 0;
  while (line < loc.startLine && i < src.length) {
    const n = src.indexOf('\n', i);
    if (n < 0) break;
    i = n + 1;
    line++;
  }
  return i + loc.startColumn - 1;
}

export default defineRule({
  id: 'TG-GHA-005',
  name: 'gha-template-injection-github-script',
  title: 'github-script code does not interpolate attacker-controlled expressions',
  failTitle: 'github-script code interpolates an attacker-controlled expression',
  kind: 'workflow',
  category: 'injection',
  controls: ['CC6.8', 'CC7.1'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Template injection runs attacker text as code with the job token.',
  confidence: 'high',
  introducedIn: '0.1.0',
  aliases: ['CKV_GHA_2', 'template-injection'],
  rationale:
    'actions/github-script evaluates its `script` as JavaScript after `${{ }}` substitution, so attacker text (a title, a comment, a branch name) becomes code running with an authenticated GitHub client.',
  controlRationale: {
    'CC6.8': 'Text supplied by outsiders cannot become code executed inside the trusted pipeline.',
    'CC7.1': 'Workflows follow a defined secure pattern: read event data from `context.payload` or `process.env`, never template it into code.',
  },
  remediation: 'Read the value from context.payload (e.g. context.payload.issue.title) or pass it via env and read process.env.TITLE.',
  defaults: 'Only the `script` input of actions/github-script is checked.',
  *check(wf) {
    for (const job of wf.jobs) {
      for (const s of job.steps) {
        if (actionName(s.uses?.str()) !== 'actions/github-script') continue;
        const script = s.with?.get('script');
        if (!script) continue;
        const env = stepEnvTaint(wf, job, s);
        const src = script.file.src;
        for (const e of expressionsIn(script)) {
          // ${{ toJSON(x) }} written as a bare JavaScript value is a JSON literal, not code.
          const start = offsetOf(script, e.loc);
          const before = start > 0 ? src[start - 1] : '';
          if (/^tojson\s*\(/i.test(e.text) && !['"', "'", '`'].includes(before)) continue;
          const bad = untrustedFlows(e.text, env);
          if (bad.length) yield fail(e.loc, `The github-script code of ${stepLabel(job, s)} interpolates attacker-controlled ${bad[0]}; it is evaluated as JavaScript.`);
        }
      }
    }
  },
});
