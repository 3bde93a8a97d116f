import { defineRule, fail } from '../../core/rule.js';
import { expressionsIn } from '../../core/workflow/model.js';
import { exprInfo, isSecretRef, linesOf, lineLoc, shellVars, stepEnvTaint, stepLabel } from '../../core/workflow/expr.js';
import type { YView } from '../../core/yaml/view.js';

/** Index of a print command (echo/printf) at a command position in the line, or -1. */
function printAt(line: string): number {
  const m = /(?:^|[;&|(]|\bthen|\bdo)\s*(echo|printf)\b/.exec(line);
  return m ? m.index + m[0].length - m[1].length : -1;
}

/** The print command's own segment: up to a pipe, a redirect or a command separator. */
function segmentEnd(line: string, from: number): { end: number; redirected: boolean } {
  let q: string | undefined;
  for (let i = from; i < line.length; i++) {
    const c = line[i];
    if (q) {
      if (c === q) q = undefined;
      else if (c === '\\' && q === '"') i++;
      continue;
    }
    if (c === '"' || c === "'") q = c;
    else if (c === '|' || c === '>') return { end: i, redirected: true };
    else if (c === ';' || c === '&' || c === '#') return { end: i, redirected: false };
  }
  return { end: line.length, redirected: false };
}

export default defineRule({
  id: 'TG-GHA-007',
  name: 'gha-secret-printed',
  title: 'Secrets are not printed to the job log',
  failTitle: 'Secret is printed to the job log',
  kind: 'workflow',
  category: 'secrets',
  controls: ['CC6.1', 'C1.1'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Secrets printed to logs are disclosed to everyone who can read the logs.',
  confidence: 'medium',
  introducedIn: '0.1.0',
  aliases: ['CKV_GHA_3', 'unredacted-secrets', 'overprovisioned-secrets'],
  rationale:
    'Log masking only hides the exact secret string; printed secrets that are transformed, structured (JSON) or split leak into logs that many people and tools can read. toJSON(secrets) hands every secret of the repository to one step.',
  controlRationale: {
    'CC6.1': 'Credentials are used by the tools that need them, never written out.',
    'C1.1': 'Secret values do not end up in build logs or artifacts.',
  },
  remediation: 'Pass the secret to the command that needs it via env or stdin; never echo or printf it; reference single secrets instead of toJSON(secrets).',
  defaults: 'echo/printf output that is piped or redirected is not reported; `::add-mask::` lines are not reported.',
  *check(wf) {
    // toJSON(secrets) anywhere in the workflow.
    const seen = new Set<string>();
    const whole = (v: YView | undefined, where: string) => {
      const out = [];
      for (const e of expressionsIn(v)) {
        const i = exprInfo(e.text);
        if (i.flows.includes('secrets') && !seen.has(`${e.loc.startLine}:${e.loc.startColumn}`)) {
          seen.add(`${e.loc.startLine}:${e.loc.startColumn}`);
          out.push(fail(e.loc, `${where} receives every repository secret at once (${e.text}).`));
        }
      }
      return out;
    };
    yield* whole(wf.env, 'The workflow env');
    for (const job of wf.jobs) {
      yield* whole(job.view.get('env'), `The env of job "${job.id}"`);
      for (const s of job.steps) {
        yield* whole(s.env, `The env of ${stepLabel(job, s)}`);
        yield* whole(s.with, `The inputs of ${stepLabel(job, s)}`);
        yield* whole(s.run, `The run script of ${stepLabel(job, s)}`);
        if (!s.run) continue;
        const env = stepEnvTaint(wf, job, s);
        const exprs = expressionsIn(s.run);
        for (const l of linesOf(s.run)) {
          if (l.text.includes('::add-mask::')) continue;
          const p = printAt(l.text);
          if (p < 0) continue;
          const { end, redirected } = segmentEnd(l.text, p);
          if (redirected) continue;
          const lineStart = s.run.file.locAt(l.offset, l.offset);
          const colFrom = lineStart.startColumn + p;
          const colTo = lineStart.startColumn + end;
          const e = exprs.find(
            (x) => x.loc.startLine === lineStart.startLine && x.loc.startColumn >= colFrom && x.loc.startColumn < colTo && exprInfo(x.text).flows.some(isSecretRef),
          );
          if (e) {
            yield fail(e.loc, `${stepLabel(job, s)} prints a secret (${e.text}) to the job log.`);
            continue;
          }
          const v = shellVars(l.text.slice(0, end)).find((x) => x.start > p && env.secret.has(x.name));
          if (v) yield fail(lineLoc(s.run, l, v.start, v.end), `${stepLabel(job, s)} prints $${v.name}, which holds ${env.secret.get(v.name)}, to the job log.`);
        }
      }
    }
  },
});
