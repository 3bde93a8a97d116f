import { defineRule, fail } from '../../core/rule.js';
import type { Fix } from '../../core/types.js';
import { isLocalUses } from '../../core/workflow/expr.js';
import type { YView } from '../../core/yaml/view.js';

const SHA = /^[0-9a-f]{40}$/;

/** `uses: a/b@v4 # <40-hex sha>`: the reviewed SHA is already named in the comment; pin to it and keep the tag. */
function pinFromComment(u: YView, ref: string, version: string): Fix[] | undefined {
  const src = u.file.src;
  const end = u.node.range?.[1] ?? 0;
  const eol = src.indexOf('\n', end);
  const rest = src.slice(end, eol < 0 ? undefined : eol);
  const m = /^\s*#\s*([0-9a-f]{40})\s*$/.exec(rest);
  if (!m || !version) return undefined;
  const base = ref.slice(0, ref.lastIndexOf('@'));
  const l = u.loc;
  const endCol = l.endColumn + rest.replace(/\r$/, '').length;
  return [{ title: `Pin ${base} to ${m[1].slice(0, 12)}… (named in the comment)`, range: { ...l, endColumn: endCol }, text: `${base}@${m[1]} # ${version}` }];
}

export default defineRule({
  id: 'TG-GHA-001',
  name: 'gha-action-not-pinned-to-sha',
  title: 'Third-party action is pinned to a full commit SHA',
  failTitle: 'Third-party action is not pinned to a full commit SHA',
  kind: 'workflow',
  category: 'supply-chain',
  controls: ['CC8.1', 'CC9.2'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'An unpinned third-party action can change the code that runs with the job token (CC8.1, CC9.2).',
  confidence: 'high',
  aliases: ['unpinned-uses'],
  introducedIn: '0.1.0',
  controlRationale: {
    'CC8.1':
      'A mutable tag lets code that nobody reviewed enter the delivery pipeline; a SHA pins exactly what was approved.',
    'CC9.2':
      'Third-party actions are vendor code running with your tokens; pinning is the minimum control over that dependency.',
  },
  rationale:
    'CC8.1 requires that changes to production are authorised; a tag or branch reference lets the action owner change the code your pipeline runs without review. CC9.2 asks that vendor risk be managed.',
  defaults: 'Actions of this repository (`./path`, and GitHub\'s self-repository form `$/path`) run at the workflow\'s own commit and are not reported; docker:// images are TG-GHA-015 and TG-GHA-016.',
  remediation: 'Pin the action to the full 40-character commit SHA of a reviewed release, and keep the tag in a trailing comment (uses: owner/repo@<sha> # v4.1.0).',
  *check(wf) {
    for (const job of wf.jobs) {
      const refs = [...job.steps.map((s) => s.uses), job.uses];
      for (const u of refs) {
        const ref = u?.str();
        // This repository's own actions (./x, $/x) are pinned by the commit; docker:// is TG-GHA-015/016.
        if (!u || !ref || isLocalUses(ref) || ref.startsWith('docker://')) continue;
        const at = ref.lastIndexOf('@');
        const version = at > 0 ? ref.slice(at + 1) : '';
        if (SHA.test(version)) continue;
        // actions/* and github/* are GitHub's own; still unpinned, but lower risk: report them too (tags are mutable).
        yield fail(u.loc, `${ref} is not pinned to a commit SHA${version ? ` (${version} can be moved)` : ''}.`, { fixes: pinFromComment(u, ref, version) });
      }
    }
  },
});
