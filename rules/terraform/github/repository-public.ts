import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asBool, asString, isUnknown } from '../../../core/terraform/values.js';
import { globMatch } from '../_lib/github.js';

export default defineRule({
  id: 'TG-GH-013',
  name: 'github-repository-public',
  title: 'Repository is private or internal unless approved to be public',
  failTitle: 'Repository is public without approval',
  kind: 'terraform',
  category: 'access-control',
  controls: ['CC6.1', 'C1.1'],
  severity: 'medium',
  persona: 'auditor',
  personaRationale: 'Whether a repository may be public is a business decision the code cannot show; low confidence.',
  confidence: 'low',
  introducedIn: '0.1.0',
  resourceTypes: ['github_repository'],
  aliases: ['CKV_GIT_1', 'AVD-GIT-0001', '15d8a7fd-465a-4d15-a868-add86552f17b'],
  options: {
    allowPublic: { type: 'array', items: { type: 'string' }, default: [], description: 'Repository names (globs allowed) that are meant to be public.' },
  },
  rationale:
    'A public repository exposes its code, history, issues and workflow logs to everyone. Open-source repositories are public on purpose, so list them in the `allowPublic` option; anything else public is usually a mistake.',
  controlRationale: {
    'CC6.1': 'Read access to source code is limited to the people who need it unless publication was decided.',
    'C1.1': 'Confidential material in code and history (designs, internal hostnames, configuration) is not published by accident.',
  },
  remediation:
    'Set visibility = "private" (or "internal"), or add the repository name (globs allowed) to rules.options.TG-GH-013.allowPublic in .trustgate.yml when publication is intended.',
  defaults: 'When neither visibility nor private is set the provider creates a public repository. Low confidence: public repositories are often intentional.',
  *check(m, ctx) {
    const allow = ctx.options.allowPublic;
    for (const repo of m.resourcesOf('github_repository')) {
      const blockLine = repo.block.range.startLine;
      const nameV = repo.attr('name')?.value;
      const vis = repo.attr('visibility');
      const priv = repo.attr('private');
      let isPublic: boolean | undefined;
      let at = repo.headerLoc;
      let how = 'neither visibility nor private is set, so the provider creates it public';
      if (vis) {
        const v = asString(vis.value);
        if (isUnknown(v)) {
          yield indeterminate(vis.loc, `visibility: ${v.reason}`, blockLine);
          continue;
        }
        isPublic = v === 'public';
        at = vis.loc;
        how = 'visibility = "public"';
      } else if (priv) {
        const b = asBool(priv.value);
        if (isUnknown(b)) {
          yield indeterminate(priv.loc, `private: ${b.reason}`, blockLine);
          continue;
        }
        isPublic = b === false;
        at = priv.loc;
        how = 'private = false';
      } else isPublic = !repo.hasError;
      if (!isPublic) continue;
      if (typeof nameV === 'string' && allow.some((p) => globMatch(p, nameV))) continue;
      if (isUnknown(nameV) && allow.length) {
        yield indeterminate(repo.headerLoc, `the repository name is unknown (${nameV.reason}), so the allowPublic list cannot be applied`, blockLine);
        continue;
      }
      const label = typeof nameV === 'string' ? `"${nameV}"` : repo.address;
      yield fail(at, `Repository ${label} is public (${how}) and is not on the allowPublic list.`, { blockLine });
    }
  },
});
