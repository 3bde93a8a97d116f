import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asList, asString, isUnknown } from '../../../core/terraform/values.js';
import { requireBool } from '../_lib/attributes.js';
import { PROTECTION_TYPES, protections, protName } from '../_lib/github.js';

export default defineRule({
  id: 'TG-GH-006',
  name: 'github-branch-protection-no-bypass',
  title: 'Branch protection applies to administrators and has no standing bypass',
  failTitle: 'Branch protection exempts administrators or has a standing bypass',
  kind: 'terraform',
  category: 'change-management',
  controls: ['CC8.1', 'CC6.3'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Administrator bypass defeats the branch protection control.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: PROTECTION_TYPES,
  aliases: ['CKV_GITHUB_10', 'repository_default_branch_protection_applies_to_admins'],
  rationale:
    'Protection that administrators or listed actors can bypass at will is not a control: the riskiest changes (by the most privileged people) are the ones that skip review. Emergency access should be an exception with its own approval, not a standing permission.',
  controlRationale: {
    'CC8.1': 'All changes, including those by administrators, go through the same authorisation path; emergency changes are the exception.',
    'CC6.3': 'Privileged roles do not also hold the right to approve their own changes by skipping review.',
  },
  remediation:
    'Set enforce_admins = true; remove pull_request_bypassers / force_push_bypassers / bypass_pull_request_allowances; in rulesets remove bypass_actors or use bypass_mode = "pull_request" for a small break-glass team.',
  defaults: 'enforce_admins defaults to false; a ruleset bypass actor without bypass_mode can always bypass.',
  *check(m) {
    for (const p of protections(m)) {
      const blockLine = p.res.block.range.startLine;
      if (p.kind === 'classic' || p.kind === 'classic-v3') {
        yield* requireBool(p.res, 'enforce_admins', true, {
          dflt: false,
          blockLine,
          fix: true,
          bad: `${protName(p)} does not apply to administrators (enforce_admins = false).`,
          missing: `${protName(p)} does not apply to administrators (enforce_admins is not set).`,
        });
        const lists: [string, string][] =
          p.kind === 'classic'
            ? [
                ['required_pull_request_reviews.pull_request_bypassers', 'can merge without review'],
                ['force_push_bypassers', 'can force-push'],
              ]
            : [];
        for (const [path, what] of lists) {
          const a = p.res.get(path);
          if (!a) continue;
          const l = asList(a.value);
          if (isUnknown(l)) yield indeterminate(a.loc, `${path}: ${l.reason}`, blockLine);
          else if (l?.length) yield fail(a.loc, `${protName(p)} lists ${l.length} actor(s) who ${what} (${path.split('.').pop()}).`, { blockLine });
        }
        if (p.kind === 'classic-v3') {
          const allow = p.reviews?.block1('bypass_pull_request_allowances');
          if (allow && !allow.maybe) {
            const n = ['users', 'teams', 'apps'].map((k) => allow.attr(k)).filter((a) => a && !isUnknown(a.value) && (asList(a.value) as unknown[] | undefined)?.length);
            if (n.length) yield fail(allow.headerLoc, `${protName(p)} lets listed users, teams or apps merge without review (bypass_pull_request_allowances).`, { blockLine });
          }
        }
        continue;
      }
      for (const b of p.res.blocks('bypass_actors')) {
        if (b.maybe) {
          yield indeterminate(b.headerLoc, 'bypass_actors come from a dynamic block with unknown for_each', blockLine);
          continue;
        }
        const mode = b.attr('bypass_mode');
        const v = mode ? asString(mode.value) : 'always';
        if (isUnknown(v)) {
          yield indeterminate(mode!.loc, `bypass_mode: ${v.reason}`, blockLine);
          continue;
        }
        if (v === 'always' || v === undefined) {
          const who = asString(b.value('actor_type') ?? null);
          yield fail(mode?.loc ?? b.headerLoc, `Ruleset ${protName(p)} lets a ${typeof who === 'string' ? who : 'listed'} actor bypass it at any time (bypass_mode ${mode ? '= "always"' : 'defaults to "always"'}).`, {
            blockLine,
          });
        }
      }
    }
  },
});
