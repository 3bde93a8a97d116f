import { defineRule, fail } from '../../core/rule.js';
import { expressionsIn } from '../../core/workflow/model.js';
import { exprInfo, isSecretRef, linesOf, lineLoc, shellCode, shellVars, stepLabel } from '../../core/workflow/expr.js';
import { ShellVars, stepEnvTaint } from '../../core/workflow/taint.js';
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

/**
 * Where redirected print output goes, when that is somewhere people read: the step summary (rendered
 * on the run page) or a step output (kept with the run, passed to later jobs). Other files and pipes
 * into commands (`| docker login --password-stdin`) are not a disclosure.
 */
function sinkOf(rest: string): string | undefined {
  if (rest.includes('GITHUB_STEP_SUMMARY')) return 'the step summary';
  if (rest.includes('GITHUB_OUTPUT')) return 'a step output ($GITHUB_OUTPUT)';
  return undefined;
}

/** Lines inside a `{ ... } > target` command group, mapped to the group's redirection text. */
function groupRedirects(code: string[]): Map<number, string> {
  const out = new Map<number, string>();
  const open: number[] = [];
  for (const [i, c] of code.entries()) {
    const t = c.trim();
    if (t === '{') open.push(i);
    const close = /^\}\s*([>|].*)$/.exec(t);
    if (close && open.length) {
      const from = open.pop()!;
      for (let j = from + 1; j < i; j++) if (!out.has(j)) out.set(j, close[1]);
    }
  }
  return out;
}

export default defineRule({
  id: 'TG-GHA-007',
  name: 'gha-secret-printed',
  title: 'Secrets are not printed to the job log, step summary or step outputs',
  failTitle: 'Secret is printed to the job log, step summary or a step output',
  kind: 'workflow',
  category: 'secrets',
  controls: ['CC6.1', 'C1.1'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Secrets printed to logs are disclosed to everyone who can read the logs.',
  confidence: 'medium',
  introducedIn: '0.1.0',
  aliases: ['unredacted-secrets', 'overprovisioned-secrets'],
  rationale:
    'Log masking only hides the exact secret string; printed secrets that are transformed, structured (JSON) or split leak into logs that many people and tools can read. toJSON(secrets) hands every secret of the repository to one step.',
  controlRationale: {
    'CC6.1': 'Credentials are used by the tools that need them, never written out.',
    'C1.1': 'Secret values do not end up in build logs or artifacts.',
  },
  remediation: 'Pass the secret to the command that needs it via env or stdin; never echo or printf it; reference single secrets instead of toJSON(secrets).',
  defaults: 'echo/printf of a secret (a `${{ secrets.* }}` expression, an env variable set from one, or a shell variable assigned from one in the script, e.g. a base64 or JSON transform) to the log, the step summary or $GITHUB_OUTPUT; output piped or redirected elsewhere is not reported; a variable passed to `::add-mask::` is hidden from then on.',
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
        // Shell variables holding a secret: from env, and assigned inside the script from one (derived:
        // a transformed value is not masked). Derived from the whole secrets object (toJSON(secrets)) is
        // usually a list of names; that dump is reported where it is made.
        const vars = new ShellVars(env.secret, (src) => (src === 'secrets' ? undefined : `a value derived from ${src.replace(/^a value derived from /, '')}`));
        const held = vars.held;
        const exprs = expressionsIn(s.run);
        const lines = linesOf(s.run);
        const grouped = groupRedirects(lines.map((l) => shellCode(l.text)));
        for (const [li, l] of lines.entries()) {
          const code = shellCode(l.text);
          const lineStart = s.run.file.locAt(l.offset, l.offset);
          const secretExprIn = (from: number, to: number) =>
            exprs.find(
              (x) =>
                x.loc.startLine === lineStart.startLine &&
                x.loc.startColumn >= lineStart.startColumn + from &&
                x.loc.startColumn < lineStart.startColumn + to &&
                exprInfo(x.text).flows.some(isSecretRef),
            );
          if (code.includes('::add-mask::')) {
            // A masked value is hidden in the log from here on.
            for (const v of shellVars(code)) held.delete(v.name);
            continue;
          }
          vars.line(code, (col) => {
            const e = secretExprIn(col, code.length);
            return e ? exprInfo(e.text).flows.find(isSecretRef) : undefined;
          });
          const p = printAt(code);
          if (p < 0) continue;
          const seg = segmentEnd(code, p);
          const end = seg.end;
          // Inside `{ ...; } >> "$GITHUB_OUTPUT"` the whole group's output goes where the group is redirected.
          const redirected = seg.redirected || grouped.has(li);
          const sink = seg.redirected ? sinkOf(code.slice(end)) : grouped.has(li) ? sinkOf(grouped.get(li)!) : 'the job log';
          if (!sink) continue;
          const e = secretExprIn(p, end);
          if (e) {
            yield fail(e.loc, `${stepLabel(job, s)} ${redirected ? 'writes' : 'prints'} a secret (${e.text}) to ${sink}.`);
            continue;
          }
          const v = shellVars(code.slice(0, end)).find((x) => x.start > p && held.has(x.name));
          if (v) yield fail(lineLoc(s.run, l, v.start, v.end), `${stepLabel(job, s)} ${redirected ? 'writes' : 'prints'} $${v.name}, which holds ${held.get(v.name)}, to ${sink}.`);
        }
      }
    }
  },
});
