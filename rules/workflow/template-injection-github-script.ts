import { defineRule, fail } from '../../core/rule.js';
import { expressionsIn } from '../../core/workflow/model.js';
import type { YView } from '../../core/yaml/view.js';
import type { Location } from '../../core/types.js';
import { actionName, stepLabel, untrustedFlows } from '../../core/workflow/expr.js';
import { stepEnvTaint, taintVia } from '../../core/workflow/taint.js';

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

/** Actions whose inputs are code: action → input, and what runs it (github-script first: its own message). */
const SCRIPT_INPUTS: Record<string, { input: string; runs: string }> = {
  'actions/github-script': { input: 'script', runs: 'JavaScript' },
  'azure/powershell': { input: 'inlineScript', runs: 'PowerShell' },
  'azure/cli': { input: 'inlineScript', runs: 'a shell script' },
  'appleboy/ssh-action': { input: 'script', runs: 'a shell script on the remote host' },
  'garygrossgarten/github-action-ssh': { input: 'command', runs: 'a shell command on the remote host' },
  'jannekem/run-python-script-action': { input: 'script', runs: 'Python' },
  'mathiasvr/command-output': { input: 'run', runs: 'a shell command' },
  'nick-fields/retry': { input: 'command', runs: 'a shell command' },
  'nick-invision/retry': { input: 'command', runs: 'a shell command' },
  'wandalen/wretry.action': { input: 'command', runs: 'a shell command' },
  'addnab/docker-run-action': { input: 'run', runs: 'a shell script in a container' },
};

export default defineRule({
  id: 'TG-GHA-005',
  name: 'gha-template-injection-github-script',
  title: 'Script inputs of actions (github-script, PowerShell, Azure CLI, SSH, retry) do not interpolate attacker-controlled expressions',
  failTitle: 'Script input of an action interpolates an attacker-controlled expression',
  kind: 'workflow',
  category: 'injection',
  controls: ['CC6.8', 'CC7.1'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Template injection runs attacker text as code with the job token.',
  confidence: 'high',
  introducedIn: '0.1.0',
  aliases: ['62ff6823-927a-427f-acf9-f1ea2932d616', 'template-injection'],
  rationale:
    'actions/github-script evaluates its `script` as JavaScript after `${{ }}` substitution, so attacker text (a title, a comment, a branch name) becomes code running with an authenticated GitHub client.',
  controlRationale: {
    'CC6.8': 'Text supplied by outsiders cannot become code executed inside the trusted pipeline.',
    'CC7.1': 'Workflows follow a defined secure pattern: read event data from `context.payload` or `process.env`, never template it into code.',
  },
  remediation: 'Read the value from context.payload (e.g. context.payload.issue.title) or pass it via env and read process.env.TITLE.',
  defaults: 'The code inputs of actions/github-script (script), azure/powershell and azure/cli (inlineScript), appleboy/ssh-action and other SSH, retry, Python and container-run actions are checked; `${{ toJSON(x) }}` written as a bare JavaScript value in github-script is a JSON literal and not reported. `run:` scripts (any shell, PowerShell included) are TG-GHA-004.',
  *check(wf) {
    for (const job of wf.jobs) {
      for (const s of job.steps) {
        const a = actionName(s.uses?.str()) ?? '';
        const kind = SCRIPT_INPUTS[a];
        const script = kind && s.with?.get(kind.input);
        if (!kind || !script) continue;
        const env = stepEnvTaint(wf, job, s);
        const src = script.file.src;
        for (const e of expressionsIn(script)) {
          // ${{ toJSON(x) }} written as a bare JavaScript value is a JSON literal, not code.
          const start = offsetOf(script, e.loc);
          const before = start > 0 ? src[start - 1] : '';
          if (a === 'actions/github-script' && /^tojson\s*\(/i.test(e.text) && !['"', "'", '`'].includes(before)) continue;
          const bad = untrustedFlows(e.text, env);
          if (!bad.length) continue;
          const what = a === 'actions/github-script' ? 'The github-script code' : `The ${kind.input} input (${a})`;
          yield fail(e.loc, `${what} of ${stepLabel(job, s)} interpolates attacker-controlled ${bad[0]}${taintVia(bad[0], env)}; it is evaluated as ${kind.runs}.`);
        }
      }
    }
  },
});
