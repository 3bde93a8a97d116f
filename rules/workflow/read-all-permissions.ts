import { defineRule, fail } from '../../core/rule.js';

export default defineRule({
  id: 'TG-GHA-022',
  name: 'gha-read-all-permissions',
  title: 'Token permissions name the scopes a job reads instead of read-all',
  failTitle: 'Token permissions grant read-all',
  kind: 'workflow',
  category: 'access-control',
  controls: ['CC6.3'],
  severity: 'low',
  persona: 'pedantic',
  personaRationale:
    'read-all grants no write scope, and OpenSSF Scorecard counts a top-level read-all as read-only; zizmor still reports it, so it stays as least-privilege hygiene, not a gap an auditor cites.',
  confidence: 'high',
  aliases: ['excessive-permissions'],
  introducedIn: '0.3.0',
  rationale:
    '`read-all` lets the job token read every scope (actions, packages, security events, deployments, issues...) where the job usually needs only `contents: read`; a compromised step can read more than its task needs, for example code-scanning alerts of a private repository.',
  controlRationale: {
    'CC6.3': 'Each job receives the token scopes its task needs and nothing more.',
  },
  remediation: 'Replace `permissions: read-all` with the scopes the jobs read, usually `contents: read`.',
  defaults: 'Reported at every explicit `permissions: read-all`, at workflow and job level (`write-all` is TG-GHA-003; a workflow-level `contents: write` for jobs that only read is TG-GHA-018).',
  *check(wf) {
    if (wf.kind !== 'workflow') return;
    if (wf.permissions?.str() === 'read-all') yield fail(wf.permissions.pairLoc, 'The workflow grants every job read-all permissions.');
    for (const j of wf.jobs) if (j.permissions?.str() === 'read-all') yield fail(j.permissions.pairLoc, `Job "${j.id}" grants its token read-all permissions.`);
  },
});
