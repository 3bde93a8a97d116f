import { defineRule, fail } from '../../core/rule.js';
import { actionName, linesOf, shellCode } from '../../core/workflow/expr.js';
import type { Job } from '../../core/workflow/model.js';

/** Actions that write to the repository's contents (commits, tags, releases, pages branches). */
const CONTENT_WRITERS = new Set([
  'softprops/action-gh-release',
  'ncipollo/release-action',
  'actions/create-release',
  'actions/upload-release-asset',
  'peter-evans/create-pull-request',
  'stefanzweifel/git-auto-commit-action',
  'endbug/add-and-commit',
  'changesets/action',
  'googleapis/release-please-action',
  'google-github-actions/release-please-action',
  'jamesives/github-pages-deploy-action',
  'peaceiris/actions-gh-pages',
  'ad-m/github-push-action',
  'mathieudutour/github-tag-action',
  'anothrnick/github-tag-action',
  'rickstaa/action-create-tag',
  'goreleaser/goreleaser-action',
  'svenstaro/upload-release-action',
  'release-drafter/release-drafter',
  'actions/github-script',
]);
/** Shell commands that write to the repository's contents with the job token. */
const WRITE_COMMANDS = /\b(git\s+push|gh\s+release|gh\s+api\b|gh\s+pr\s+(create|merge)|git\s+tag\b.*\bpush|semantic-release|goreleaser|npx\s+changeset\s+publish)/;

/** Can this job write contents with its token? Unknown (a reusable workflow, a script action) counts as yes. */
function writesContents(job: Job): boolean {
  if (job.uses) return true;
  return job.steps.some(
    (s) => CONTENT_WRITERS.has(actionName(s.uses?.str()) ?? '') || linesOf(s.run).some((l) => WRITE_COMMANDS.test(shellCode(l.text))),
  );
}

export default defineRule({
  id: 'TG-GHA-018',
  name: 'gha-broad-permissions',
  title: 'Token permissions are scoped to what each job needs',
  failTitle: 'Token permissions are broader than the jobs need',
  kind: 'workflow',
  category: 'access-control',
  controls: ['CC6.3'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Push rights handed to jobs that only build or test are the least-privilege gap an auditor cites under CC6.3.',
  confidence: 'medium',
  introducedIn: '0.2.0',
  rationale:
    'A workflow-level `contents: write` hands push rights to every job, also those that only build or test; a compromised dependency in any of them can then push code or tags.',
  controlRationale: {
    'CC6.3': 'Each job receives the token scopes its task needs and nothing more.',
  },
  remediation:
    'Set `contents: read` at the workflow level and grant `contents: write` only on the job that pushes or releases.',
  defaults:
    'Reported: a workflow-level `contents: write` when at least one job that inherits it neither pushes, tags nor releases (git push, gh release/api/pr, release and commit actions); a job calling a reusable workflow or running github-script counts as writing. `write-all` is TG-GHA-003; `read-all`, which grants no write scope, is the pedantic TG-GHA-022.',
  *check(wf) {
    if (wf.kind !== 'workflow') return;
    const cw = wf.permissions?.isMap() ? wf.permissions.get('contents') : undefined;
    if (cw?.str() !== 'write') return;
    const readers = wf.jobs.filter((j) => !j.view.has('permissions') && !writesContents(j));
    if (!readers.length) return;
    const names = readers.slice(0, 3).map((j) => `"${j.id}"`).join(', ') + (readers.length > 3 ? ` and ${readers.length - 3} more` : '');
    yield fail(cw.pairLoc, `The workflow grants contents: write to every job, but job${readers.length > 1 ? 's' : ''} ${names} only read${readers.length > 1 ? '' : 's'}; grant write on the job that pushes.`, {
      related: readers.map((j) => ({ message: `job "${j.id}" does not push, tag or release`, location: j.keyLoc })),
    });
  },
});
