import { defineRule, fail, type WorkflowRule } from '../../core/rule.js';
import { expressionsIn } from '../../core/workflow/model.js';
import { linesOf, lineLoc, shellVars, stepEnvTaint, stepLabel, untrustedFlows } from '../../core/workflow/expr.js';

const FILES = ['GITHUB_ENV', 'GITHUB_PATH'];

export default defineRule<WorkflowRule>({
  id: 'TG-GHA-009',
  name: 'gha-untrusted-github-env',
  title: 'Attacker-controlled text is not written to $GITHUB_ENV or $GITHUB_PATH',
  kind: 'workflow',
  category: 'injection',
  controls: ['CC6.8'],
  severity: 'high',
  confidence: 'medium',
  aliases: ['b5c6d7e8-f9a0-4b1c-2d3e-4f5a6b7c8d9e', 'github-env'],
  rationale:
    'Lines written to $GITHUB_ENV become environment variables of every later step; a value with a newline can define LD_PRELOAD, NODE_OPTIONS or BASH_ENV and take over the job even when the script quotes it correctly.',
  controlRationale: {
    'CC6.8': 'Untrusted input cannot change the execution environment of later pipeline steps.',
  },
  remediation: 'Do not export untrusted values through $GITHUB_ENV; use step outputs, or sanitise the value (reject newlines) before writing it.',
  defaults: 'A line is checked when it writes to $GITHUB_ENV or $GITHUB_PATH (>> or tee) and carries an attacker-controlled expression or an env variable set from one.',
  *check(wf) {
    for (const job of wf.jobs) {
      for (const s of job.steps) {
        if (!s.run) continue;
        const env = stepEnvTaint(wf, job, s);
        const exprs = expressionsIn(s.run);
        for (const l of linesOf(s.run)) {
          const file = FILES.find((f) => l.text.includes(f));
          if (!file || !(l.text.includes('>>') || l.text.includes('tee'))) continue;
          const line = s.run.file.locAt(l.offset, l.offset).startLine;
          const e = exprs.find((x) => x.loc.startLine === line && untrustedFlows(x.text, env).length);
          if (e) {
            yield fail(e.loc, `${stepLabel(job, s)} writes attacker-controlled ${untrustedFlows(e.text, env)[0]} to $${file}, where a newline can set variables for later steps.`);
            continue;
          }
          const v = shellVars(l.text).find((x) => env.untrusted.has(x.name));
          if (v)
            yield fail(lineLoc(s.run, l, v.start, v.end), `${stepLabel(job, s)} writes $${v.name} (from ${env.untrusted.get(v.name)}) to $${file}, where a newline can set variables for later steps.`);
        }
      }
    }
  },
});
