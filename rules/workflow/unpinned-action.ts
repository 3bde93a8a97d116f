import { defineRule, fail, type WorkflowRule } from '../../core/rule.js';

const SHA = /^[0-9a-f]{40}$/;

export default defineRule<WorkflowRule>({
  id: 'TG-GHA-001',
  name: 'gha-action-not-pinned-to-sha',
  title: 'Third-party action is pinned to a full commit SHA',
  kind: 'workflow',
  category: 'supply-chain',
  controls: ['CC8.1', 'CC9.2'],
  severity: 'medium',
  confidence: 'high',
  aliases: ['CKV_GHA_7', 'unpinned-uses'],
  introducedIn: '0.1.0',
  controlRationale: {
    'CC8.1':
      'A mutable tag lets code that nobody reviewed enter the delivery pipeline; a SHA pins exactly what was approved.',
    'CC9.2':
      'Third-party actions are vendor code running with your tokens; pinning is the minimum control over that dependency.',
  },
  rationale:
    'CC8.1 requires that changes to production are authorised; a tag or branch reference lets the action owner change the code your pipeline runs without review. CC9.2 asks that vendor risk be managed.',
  remediation: 'Pin the action to the full 40-character commit SHA of a reviewed release, and keep the tag in a trailing comment (uses: owner/repo@<sha> # v4.1.0).',
  *check(wf) {
    for (const job of wf.jobs) {
      const refs = [...job.steps.map((s) => s.uses), job.uses];
      for (const u of refs) {
        const ref = u?.str();
        if (!u || !ref || ref.startsWith('./') || ref.startsWith('docker://')) continue;
        const at = ref.lastIndexOf('@');
        const version = at > 0 ? ref.slice(at + 1) : '';
        if (SHA.test(version)) continue;
        // actions/* and github/* are GitHub's own; still unpinned, but lower risk: report them too (tags are mutable).
        yield fail(u.loc, `${ref} is not pinned to a commit SHA${version ? ` (${version} can be moved)` : ''}.`);
      }
    }
  },
});
