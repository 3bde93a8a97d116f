import { defineRule, fail } from '../../core/rule.js';
import { isLocalUses } from '../../core/workflow/expr.js';

export default defineRule({
  id: 'TG-GHA-010',
  name: 'gha-secrets-inherit-external',
  title: 'Reusable workflows of other owners do not inherit all secrets',
  failTitle: 'Reusable workflow of another owner inherits all secrets',
  kind: 'workflow',
  category: 'secrets',
  controls: ['CC6.3', 'CC9.2'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Inheriting all secrets hands them to another owner\'s code.',
  confidence: 'medium',
  introducedIn: '0.1.0',
  aliases: ['secrets-inherit'],
  options: {
    trustedOwners: { type: 'array', items: { type: 'string' }, default: [], description: 'Owners (organisations or users) whose reusable workflows may receive every secret.' },
  },
  rationale:
    '`secrets: inherit` hands every secret the caller can see to the called workflow; when that workflow belongs to someone else, all of them depend on that owner\'s code and release process.',
  controlRationale: {
    'CC6.3': 'A called workflow gets only the secrets it needs.',
    'CC9.2': 'Third-party workflows are treated as vendors with scoped access.',
  },
  remediation:
    'Pass the needed secrets explicitly (secrets: { token: ${{ secrets.X }} }), or list your own organisation in rules.options.TG-GHA-010.trustedOwners.',
  defaults: 'Local (./) workflows and owners in the `trustedOwners` option are not reported.',
  *check(wf, ctx) {
    const trusted = new Set(ctx.options.trustedOwners.map((o) => o.toLowerCase()));
    for (const job of wf.jobs) {
      const sec = job.view.get('secrets');
      const ref = job.uses?.str();
      if (!ref || sec?.str() !== 'inherit' || isLocalUses(ref)) continue;
      // owner/repo/path@ref only (templated or malformed references are not guessed at).
      if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/[^@\s]+@[^@\s]+$/.test(ref)) continue;
      const owner = ref.split('/')[0].toLowerCase();
      if (trusted.has(owner)) continue;
      yield fail(sec.pairLoc, `Job "${job.id}" passes all secrets to ${ref.split('@')[0]}, a workflow owned by "${owner}".`);
    }
  },
});
