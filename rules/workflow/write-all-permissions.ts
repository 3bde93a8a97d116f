import { defineRule, fail } from '../../core/rule.js';

export default defineRule({
  id: 'TG-GHA-003',
  name: 'gha-write-all-permissions',
  title: 'Workflow and jobs do not grant write-all permissions',
  failTitle: 'Workflow or job grants write-all permissions',
  kind: 'workflow',
  category: 'access-control',
  controls: ['CC6.3', 'CC8.1'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'write-all grants every scope to the job token.',
  confidence: 'high',
  introducedIn: '0.1.0',
  aliases: ['CKV2_GHA_1', 'excessive-permissions'],
  rationale:
    'write-all gives the job token every write scope (contents, packages, actions, pull requests, id-token…), so any compromised dependency or injected command can alter code and releases.',
  controlRationale: {
    'CC6.3': 'Token scopes are granted individually, only where needed.',
    'CC8.1': 'The pipeline cannot push or release changes outside the reviewed process.',
  },
  remediation: 'Replace write-all with the specific scopes the job needs, e.g. `permissions: { contents: read, id-token: write }`.',
  defaults: 'Only an explicit write-all is reported here (missing permissions: TG-GHA-002).',
  *check(wf) {
    if (wf.kind !== 'workflow') return;
    if (wf.permissions?.str() === 'write-all') yield fail(wf.permissions.pairLoc, 'The workflow grants every job write-all permissions.');
    for (const j of wf.jobs) {
      if (j.permissions?.str() === 'write-all') yield fail(j.permissions.pairLoc, `Job "${j.id}" grants its token write-all permissions.`);
    }
  },
});
