import { defineRule, fail } from '../../core/rule.js';
import { expressionsIn } from '../../core/workflow/model.js';
import { exprInfo, linesOf, lineLoc, shellCode, shellVars, stepLabel, tainted, untrustedFlows } from '../../core/workflow/expr.js';
import { ShellVars, stepEnvTaint } from '../../core/workflow/taint.js';

const FILES = ['GITHUB_ENV', 'GITHUB_PATH'];

/**
 * The command that writes to the file: the part of the line between separators (; && || ( )) that
 * names it; with `| tee`, the pipeline feeding tee is included.
 */
function writerSegment(line: string, file: string): { start: number; end: number } | undefined {
  const at = line.indexOf(file);
  if (at < 0) return undefined;
  const seps = [';', '&&', '||', '(', ')'];
  let start = 0;
  let end = line.length;
  for (const s of seps) {
    const b = line.lastIndexOf(s, at);
    if (b >= 0 && b + s.length > start) start = b + s.length;
    const f = line.indexOf(s, at);
    if (f >= 0 && f < end) end = f;
  }
  const seg = line.slice(start, end);
  if (!/\btee\b/.test(seg)) {
    // `a | b >> $GITHUB_ENV`: only b writes.
    const pipe = line.lastIndexOf('|', at);
    if (pipe >= start && line[pipe - 1] !== '|') start = pipe + 1;
  }
  return { start, end };
}

export default defineRule({
  id: 'TG-GHA-009',
  name: 'gha-untrusted-github-env',
  title: 'Attacker-controlled text is not written to $GITHUB_ENV or $GITHUB_PATH',
  failTitle: 'Attacker-controlled text is written to $GITHUB_ENV or $GITHUB_PATH',
  kind: 'workflow',
  category: 'injection',
  controls: ['CC6.8'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Attacker text in $GITHUB_ENV or $GITHUB_PATH takes over later steps.',
  confidence: 'medium',
  introducedIn: '0.1.0',
  aliases: ['github-env'],
  rationale:
    'Lines written to $GITHUB_ENV become environment variables of every later step; a value with a newline can define LD_PRELOAD, NODE_OPTIONS or BASH_ENV and take over the job even when the script quotes it correctly.',
  controlRationale: {
    'CC6.8': 'Untrusted input cannot change the execution environment of later pipeline steps.',
  },
  remediation: 'Do not export untrusted values through $GITHUB_ENV; use step outputs, or sanitise the value (reject newlines) before writing it.',
  defaults: 'A line is checked when it writes to $GITHUB_ENV or $GITHUB_PATH (>> or tee) and carries an attacker-controlled expression (event contexts, outputs of steps that read pull-request data or were written from such values, job outputs built from them), an env variable set from one, or a shell variable assigned from one earlier in the script. Shell comments are ignored.',
  *check(wf) {
    for (const job of wf.jobs) {
      for (const s of job.steps) {
        if (!s.run) continue;
        const env = stepEnvTaint(wf, job, s);
        const exprs = expressionsIn(s.run);
        // Attacker text carried through shell variables: TITLE="${{ github.event.issue.title }}"; echo "T=$TITLE" >> $GITHUB_ENV.
        const vars = new ShellVars(env.untrusted);
        for (const l of linesOf(s.run)) {
          const code = shellCode(l.text);
          const line = s.run.file.locAt(l.offset, l.offset);
          vars.line(code, (col) =>
            exprs
              .filter((x) => x.loc.startLine === line.startLine && x.loc.startColumn >= line.startColumn + col)
              .flatMap((x) => exprInfo(x.text).flows)
              .find((f) => tainted(f, env)),
          );
          const file = FILES.find((f) => code.includes(f));
          if (!file || !(code.includes('>>') || code.includes('tee'))) continue;
          const seg = writerSegment(code, file);
          if (!seg) continue;
          const inSeg = (col: number) => col - line.startColumn >= seg.start && col - line.startColumn < seg.end;
          const e = exprs.find((x) => x.loc.startLine === line.startLine && inSeg(x.loc.startColumn) && untrustedFlows(x.text, env).length);
          if (e) {
            yield fail(e.loc, `${stepLabel(job, s)} writes attacker-controlled ${untrustedFlows(e.text, env)[0]} to $${file}, where a newline can set variables for later steps.`);
            continue;
          }
          const v = shellVars(code).find((x) => x.start >= seg.start && x.start < seg.end && vars.held.has(x.name));
          if (v)
            yield fail(lineLoc(s.run, l, v.start, v.end), `${stepLabel(job, s)} writes $${v.name} (from ${vars.held.get(v.name)}) to $${file}, where a newline can set variables for later steps.`);
        }
      }
    }
  },
});
