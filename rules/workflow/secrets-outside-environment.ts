import { defineRule, fail } from '../../core/rule.js';
import type { Location } from '../../core/types.js';
import { expressionsIn, type Job } from '../../core/workflow/model.js';
import type { YView } from '../../core/yaml/view.js';

/** `secrets.NAME` (or `secrets['NAME']`) read by the expressions of a node; GITHUB_TOKEN is always there, so not counted. */
function secretRefs(v: YView | undefined): { name: string; loc: Location }[] {
  const out: { name: string; loc: Location }[] = [];
  for (const e of expressionsIn(v)) {
    const names = new Set<string>();
    for (const m of e.text.matchAll(/\bsecrets\s*(?:\.\s*([A-Za-z_][\w-]*)|\[\s*'([^']+)'\s*\])/g)) names.add(m[1] ?? m[2]);
    for (const name of names) if (name.toUpperCase() !== 'GITHUB_TOKEN') out.push({ name, loc: e.loc });
  }
  return out;
}

/** A job that runs steps (not a reusable-workflow call) without `environment:`. */
const unprotected = (j: Job) => !j.environment && !j.uses;

export default defineRule({
  id: 'TG-GHA-021',
  name: 'gha-secrets-outside-environment',
  title: 'Secrets are read only by jobs that run in an environment',
  failTitle: 'Secret read outside a protected environment',
  kind: 'workflow',
  category: 'secrets',
  controls: ['CC6.1', 'CC6.3'],
  severity: 'medium',
  persona: 'auditor',
  personaRationale:
    'Many legitimate jobs read a low-value repository secret (a coverage or chat token) without an environment; like zizmor, only an auditor asks for environment scoping of every secret.',
  confidence: 'medium',
  aliases: ['secrets-outside-env'],
  introducedIn: '0.3.0',
  rationale:
    'Repository and organization secrets reach every run of every workflow of the repository, whatever branch or event started it. Secrets stored in an environment reach only jobs that name the environment and pass its protection rules (required reviewers, deployment branches), so access to them is gated and recorded per run.',
  controlRationale: {
    'CC6.1': 'Access to credentials is restricted to the jobs that pass the environment protection rules.',
    'CC6.3': 'Each secret is scoped to the environment that needs it rather than to the whole repository.',
  },
  remediation:
    'Move the secret into a GitHub environment with protection rules, remove it from the repository/organization secrets, and add `environment: <name>` to the job that uses it.',
  defaults:
    'Reported at each `secrets.NAME` (other than GITHUB_TOKEN) read by a job without `environment:`, or by workflow-level `env:` when a job without an environment inherits it. Reusable workflows (`on: workflow_call`) are not judged (an environment there cannot see the caller\'s secrets unless they are inherited), nor jobs that call one (their `secrets:` are judged in the called workflow) or composite actions.',
  *check(wf) {
    if (wf.kind !== 'workflow' || wf.triggers.includes('workflow_call')) return;
    const bare = wf.jobs.filter(unprotected);
    if (!bare.length) return;
    for (const r of secretRefs(wf.env))
      yield fail(r.loc, `Workflow env reads secrets.${r.name}, which job${bare.length > 1 ? 's' : ''} ${bare.slice(0, 3).map((j) => `"${j.id}"`).join(', ')}${bare.length > 3 ? ` and ${bare.length - 3} more` : ''} receive${bare.length > 1 ? '' : 's'} without an environment: repository secrets reach every run, with no protection rules in between.`);
    for (const job of bare)
      for (const r of secretRefs(job.view))
        yield fail(r.loc, `Job "${job.id}" reads secrets.${r.name} without an environment: repository and organization secrets reach every run of this workflow, with no protection rules in between.`);
  },
});
