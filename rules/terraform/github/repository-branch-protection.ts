import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import type { TfResource } from '../../../core/terraform/model.js';
import { asBool, isUnknown } from '../../../core/terraform/values.js';
import { orgRulesetCovers, rulesetActive } from '../_lib/github.js';

/** Protections created `for_each = github_repository.x` (each.value.node_id): linked through for_each. */
const viaForEach = (repo: TfResource, ps: readonly TfResource[]) => ps.filter((p) => repo.isReferencedBy(p, 'for_each'));

/** A protection whose repository cannot be resolved and is not tied to a repository through for_each. */
const unlinked = (ps: readonly TfResource[], attr: string) =>
  ps.some((c) => {
    const a = c.attr(attr);
    if (!a || !isUnknown(a.value) || c.references(attr).size) return false;
    return ![...c.references('for_each')].some((r) => r.startsWith('github_repository.'));
  });

export default defineRule({
  id: 'TG-GH-001',
  name: 'github-repository-branch-protection',
  title: 'Repository has branch protection or an active ruleset',
  failTitle: 'Repository has no branch protection or active ruleset',
  kind: 'terraform',
  category: 'change-management',
  controls: ['CC8.1', 'CC6.8'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Unprotected default branches let changes land without review (CC8.1).',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['github_repository', 'github_branch_protection', 'github_branch_protection_v3', 'github_repository_ruleset', 'github_organization_ruleset'],
  aliases: ['CKV2_GIT_1', 'repository_default_branch_protection_enabled'],
  rationale:
    'Without branch protection anyone with write access can push straight to the default branch, so a change can reach production without review, tests or a record of who approved it.',
  controlRationale: {
    'CC8.1': 'Branch protection is the control point where changes are authorised, reviewed and tested before they are merged.',
    'CC6.8': 'It stops unreviewed code from being introduced into the branch that the delivery pipeline deploys.',
  },
  remediation:
    'Add a github_branch_protection (repository_id = github_repository.<name>.node_id, pattern = the default branch) or a github_repository_ruleset with enforcement = "active" for the repository.',
  defaults: 'A repository is unprotected unless a branch protection or an active branch ruleset (repository or organization) refers to it; archived repositories are skipped.',
  *check(m) {
    const orgRulesets = m.resourcesOf('github_organization_ruleset');
    for (const repo of m.resourcesOf('github_repository')) {
      const archived = repo.attr('archived');
      if (archived && asBool(archived.value) === true) continue;
      const nameV = repo.attr('name')?.value;
      const label = typeof nameV === 'string' ? `"${nameV}"` : repo.address;
      const classic = [
        ...m.companions(repo, 'github_branch_protection', 'repository_id', ['name']),
        ...m.companions(repo, 'github_branch_protection_v3', 'repository', ['name']),
        ...viaForEach(repo, m.resourcesOf('github_branch_protection', 'github_branch_protection_v3')),
      ];
      if (classic.length) continue;
      const rulesets = [...m.companions(repo, 'github_repository_ruleset', 'repository', ['name']), ...viaForEach(repo, m.resourcesOf('github_repository_ruleset'))];
      const states = rulesets.map((r) => [r, rulesetActive(r)] as const);
      if (states.some(([, s]) => s === true)) continue;
      const orgStates = orgRulesets
        .map((r) => [r, rulesetActive(r)] as const)
        .filter(([, s]) => s !== false)
        .map(([r, s]) => [r, s === true ? orgRulesetCovers(r, nameV) : s] as const);
      if (orgStates.some(([, s]) => s === true)) continue;
      const unsure = [...states, ...orgStates].find(([, s]) => typeof s === 'string');
      if (unsure) {
        yield indeterminate(repo.headerLoc, `${unsure[0].address}: ${unsure[1]}`);
        continue;
      }
      if (isUnknown(nameV) && (m.resourcesOf('github_branch_protection').length || m.resourcesOf('github_branch_protection_v3').length || rulesets.length)) {
        // Protections exist but the repository's name is unknown, so a protection by literal name cannot be matched.
        const byName = [...m.resourcesOf('github_branch_protection'), ...m.resourcesOf('github_branch_protection_v3'), ...m.resourcesOf('github_repository_ruleset')].some(
          (p) => p.references().size === 0,
        );
        if (byName) {
          yield indeterminate(repo.headerLoc, `the repository name is unknown (${nameV.reason}), so protections that name a repository cannot be matched`);
          continue;
        }
      }
      if (
        unlinked(m.resourcesOf('github_branch_protection'), 'repository_id') ||
        unlinked(m.resourcesOf('github_branch_protection_v3', 'github_repository_ruleset'), 'repository')
      ) {
        yield indeterminate(repo.headerLoc, 'a branch protection or ruleset names a repository that cannot be resolved statically');
        continue;
      }
      const inactive = states.find(([, s]) => s === false);
      const why = inactive
        ? `its only ruleset (${inactive[0].address}) is not active on branches`
        : 'no github_branch_protection or active github_repository_ruleset refers to it';
      yield fail(repo.headerLoc, `Repository ${label} has no branch protection: ${why}.`, {
        related: inactive ? [{ message: 'inactive ruleset', location: inactive[0].headerLoc }] : undefined,
      });
    }
  },
});
