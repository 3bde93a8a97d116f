import { defineRule, fail } from '../../core/rule.js';
import type { CheckResult } from '../../core/types.js';
import { linesOf, lineLoc, shellCode, stepLabel } from '../../core/workflow/expr.js';
import type { YView } from '../../core/yaml/view.js';
import { findSecretFormat, looksSecret } from '../_lib/secret-formats.js';

/** `NAME=value` / `export NAME="value"` shell assignments: name, value and the value's columns. */
const ASSIGN = /(?:^|[\s;&|(])(?:export\s+|local\s+|readonly\s+|declare\s+(?:-\w+\s+)?)?([A-Za-z_][A-Za-z0-9_]*)=("[^"$`]*"|'[^']*'|[^\s"'$`;&|()]+)/g;
/** `Authorization: Bearer <token>` / `token <token>` headers written as literals. */
const AUTH_HEADER = /authorization:\s*(?:bearer|token|basic)\s+([A-Za-z0-9._~+/=-]{16,})/i;

/** Literal scalar values of a map (env, with, secrets), keyed by name; `${{ }}` values are references. */
function* mapLiterals(map: YView | undefined, where: string, formatsOnly = false): Iterable<CheckResult> {
  for (const [name, v] of map?.isMap() ? map.entries() : []) {
    if (!v.isScalar() || typeof v.value !== 'string') continue;
    const s = v.value;
    if (s.includes('${{')) continue;
    const what = formatsOnly ? findSecretFormat(s) : looksSecret(name, s);
    if (what) yield fail(v.pairLoc, `${where} sets ${name} to a literal value that looks like ${what.kind}.`, { secret: what.value });
  }
}

/** Credentials written into a run script: known formats anywhere, `NAME=value` under a credential name, auth headers. */
function* scriptLiterals(run: YView, where: string): Iterable<CheckResult> {
  for (const l of linesOf(run)) {
    const code = shellCode(l.text);
    if (!code.trim()) continue;
    const f = findSecretFormat(code);
    if (f) {
      const at = Math.max(0, code.indexOf(f.value));
      yield fail(lineLoc(run, l, at, at + f.value.length), `${where} writes ${f.kind} into its run script.`, { secret: f.value });
      continue;
    }
    const h = AUTH_HEADER.exec(code);
    if (h && !/^(x+|\*+)$/i.test(h[1])) {
      const at = code.indexOf(h[1]);
      yield fail(lineLoc(run, l, at, at + h[1].length), `${where} sends a literal token in an Authorization header in its run script.`, { secret: h[1] });
      continue;
    }
    for (const m of code.matchAll(ASSIGN)) {
      const raw = m[2];
      const value = raw.replace(/^["']|["']$/g, '');
      const what = looksSecret(m[1], value);
      if (!what) continue;
      const at = m.index! + m[0].length - raw.length;
      yield fail(lineLoc(run, l, at, at + raw.length), `${where} assigns ${m[1]} a literal value that looks like ${what.kind} in its run script.`, { secret: value });
      break;
    }
  }
}

export default defineRule({
  id: 'TG-GHA-017',
  name: 'gha-secret-literal',
  title: 'Workflows take credentials from secrets, not literals',
  failTitle: 'Workflow holds a credential as a literal',
  kind: 'workflow',
  category: 'secrets',
  controls: ['CC6.1', 'C1.1'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'A credential written in a workflow is disclosed to everyone who can read the repository.',
  confidence: 'medium',
  introducedIn: '0.2.0',
  rationale:
    'A token written into a workflow file is readable by everyone with repository access (everyone, for a public repository), is copied into every fork and stays in git history after rotation; GitHub does not mask it in logs because it is not a registered secret.',
  controlRationale: {
    'CC6.1': 'Credentials are stored in a secret store and handed to the jobs that need them, not committed in code.',
    'C1.1': 'Confidential values do not travel with every copy of the repository.',
  },
  remediation: 'Store the value as an encrypted secret (repository, environment or organisation) and reference it as ${{ secrets.NAME }}; rotate the exposed credential.',
  defaults:
    'Checks env at workflow, job and step level, step `with:` inputs, reusable-workflow `with:`/`secrets:`, job container env and registry credentials, service credentials (service env: known token formats only, since a service is a throw-away container of the job), composite-action input defaults, and run scripts (known token formats anywhere, NAME=value assignments under a credential name, Authorization headers). Values that are `${{ }}` references, placeholders, paths or secret-store names are not reported.',
  *check(wf) {
    yield* mapLiterals(wf.env, 'The workflow env');
    if (wf.kind === 'action') for (const [name, input] of wf.root.get('inputs')?.entries() ?? []) {
      const d = input.get('default');
      if (d?.isScalar() && typeof d.value === 'string' && !d.value.includes('${{')) {
        const what = looksSecret(name, d.value);
        if (what) yield fail(d.pairLoc, `Input ${name} of the action defaults to a literal value that looks like ${what.kind}.`, { secret: what.value });
      }
    }
    for (const job of wf.jobs) {
      const j = `job "${job.id}"`;
      yield* mapLiterals(job.view.get('env'), `The env of ${j}`);
      if (job.uses) {
        yield* mapLiterals(job.view.get('with'), `The reusable-workflow call of ${j}`);
        yield* mapLiterals(job.view.get('secrets'), `The reusable-workflow call of ${j}`);
      }
      const container = job.view.get('container');
      if (container?.isMap()) {
        yield* mapLiterals(container.get('env'), `The container of ${j}`);
        yield* mapLiterals(container.get('credentials'), `The container of ${j}`);
      }
      for (const [name, svc] of job.view.get('services')?.entries() ?? []) {
        if (!svc.isMap()) continue;
        // A service container is a throw-away database of this job: POSTGRES_PASSWORD: postgres opens
        // nothing outside it, so only well-known token formats count in its env.
        yield* mapLiterals(svc.get('env'), `Service "${name}" of ${j}`, true);
        yield* mapLiterals(svc.get('credentials'), `Service "${name}" of ${j}`);
      }
      for (const s of job.steps) {
        const label = stepLabel(job, s);
        const where = label[0].toUpperCase() + label.slice(1);
        yield* mapLiterals(s.env, `The env of ${label}`);
        yield* mapLiterals(s.with, where);
        if (s.run) yield* scriptLiterals(s.run, where);
      }
    }
  },
});
