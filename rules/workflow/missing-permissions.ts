import { defineRule, fail } from '../../core/rule.js';
import { callersOf } from '../../core/scan-set.js';
import type { Fix, Location } from '../../core/types.js';

/** A top-level `permissions: contents: read` above `jobs:`, when `jobs:` starts a line of a block-style mapping. */
function readOnlyFix(jobs: Location | undefined): Fix[] | undefined {
  if (!jobs || jobs.startColumn !== 1) return undefined;
  const at = { file: jobs.file, startLine: jobs.startLine, startColumn: 1, endLine: jobs.startLine, endColumn: 1 };
  return [{ title: 'Add permissions: contents: read (top level)', range: at, text: 'permissions:\n  contents: read\n\n' }];
}

export default defineRule({
  id: 'TG-GHA-002',
  name: 'gha-missing-permissions',
  title: 'Workflow declares the GITHUB_TOKEN permissions it needs',
  failTitle: 'Workflow does not declare the GITHUB_TOKEN permissions it needs',
  kind: 'workflow',
  category: 'access-control',
  controls: ['CC6.3', 'CC8.1'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Without explicit permissions the job token may have write access nobody chose.',
  confidence: 'medium',
  introducedIn: '0.1.0',
  aliases: ['excessive-permissions'],
  rationale:
    'Without a permissions block a job gets the repository or organisation default token, which is write-all on older and many enterprise settings; a compromised step then can push code, create releases or approve pull requests.',
  controlRationale: {
    'CC6.3': 'Each workflow gets the least privilege it needs, declared next to the code that uses it.',
    'CC8.1': 'The pipeline that implements changes cannot itself change the repository beyond what it declares.',
  },
  remediation: 'Add a top-level `permissions: contents: read` (or `permissions: {}`) and grant more per job only where needed.',
  defaults: 'A workflow is reported when it has no top-level permissions and at least one job has none either. A reusable workflow (only `workflow_call`) is not reported when it has callers in the scanned repository and every one of them sets permissions (on the calling job or its workflow), since the called workflow cannot get more.',
  *check(wf, ctx) {
    if (wf.kind !== 'workflow' || wf.root.has('permissions') || !wf.jobs.length) return;
    // A reusable workflow (workflow_call only) gets at most the permissions of its caller: when every
    // caller in this repository caps them, the default token never reaches it.
    if (wf.triggers.length === 1 && wf.triggers[0] === 'workflow_call') {
      const callers = callersOf(ctx.scanSet, wf.path);
      if (callers.length && callers.every((c) => c.restricted)) return;
    }
    const open = wf.jobs.filter((j) => !j.view.has('permissions'));
    if (!open.length) return;
    const jobsKey = wf.root.get('jobs');
    const names = open.slice(0, 3).map((j) => `"${j.id}"`).join(', ') + (open.length > 3 ? ` and ${open.length - 3} more` : '');
    yield fail(jobsKey?.keyLoc ?? open[0].keyLoc, `The workflow sets no permissions and job${open.length > 1 ? 's' : ''} ${names} set${open.length > 1 ? '' : 's'} none either, so they run with the default GITHUB_TOKEN permissions.`, {
      related: open.map((j) => ({ message: `job "${j.id}" has no permissions block`, location: j.keyLoc })),
      fixes: readOnlyFix(jobsKey?.keyLoc),
    });
  },
});
