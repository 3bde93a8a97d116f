import { defineRule, fail } from '../../core/rule.js';
import { actionName, stepLabel } from '../../core/workflow/expr.js';
import { fixFor, keepsCredentials } from './_lib/checkout.js';

const WORKSPACE = new Set(['.', './', '*', '**', './*', './**', '${{ github.workspace }}', '${{ github.workspace }}/', '${{github.workspace}}']);

export default defineRule({
  id: 'TG-GHA-012',
  name: 'gha-checkout-persisted-credentials-uploaded',
  title: 'Checked-out credentials are not uploaded with artifacts',
  failTitle: 'Checked-out credentials may be uploaded with artifacts',
  kind: 'workflow',
  category: 'secrets',
  controls: ['CC6.1'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Uploading the checkout with its token publishes the credential.',
  confidence: 'high',
  introducedIn: '0.1.0',
  aliases: ['artipacked'],
  rationale:
    'actions/checkout stores the job token in .git/config unless persist-credentials is false; uploading the workspace as an artifact then publishes a working token to everyone who can download artifacts.',
  controlRationale: {
    'CC6.1': 'Credentials used by the pipeline stay inside the job and are not distributed with build outputs.',
  },
  remediation: 'Add `persist-credentials: false` to the actions/checkout step, and upload only the build output directory.',
  defaults:
    'Reported when a later actions/upload-artifact step uploads the whole workspace (., *, github.workspace, the checkout path) or sets include-hidden-files: true.',
  *check(wf) {
    for (const job of wf.jobs) {
      const checkouts = job.steps.filter((s) => actionName(s.uses?.str()) === 'actions/checkout');
      for (const c of checkouts) {
        if (!keepsCredentials(c)) continue;
        const dir = c.with?.get('path')?.str()?.replace(/\/+$/, '');
        const upload = job.steps.find((u) => {
          if (u.index <= c.index || actionName(u.uses?.str()) !== 'actions/upload-artifact') return false;
          const paths = (u.with?.get('path')?.str() ?? '').split('\n').map((x) => x.trim()).filter(Boolean);
          const hidden = u.with?.get('include-hidden-files');
          return paths.some((p) => WORKSPACE.has(p) || (dir && p.replace(/\/+$/, '') === dir)) || hidden?.bool() === true;
        });
        if (!upload) continue;
        yield fail(c.uses!.loc, `${stepLabel(job, c)} keeps the job token in .git/config and ${stepLabel(job, upload)} uploads the workspace, publishing the token in an artifact.`, {
          related: [{ message: 'artifact upload', location: upload.uses!.loc }],
          fixes: fixFor(c),
        });
      }
    }
  },
});
