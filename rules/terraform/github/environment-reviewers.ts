import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asList, isUnknown } from '../../../core/terraform/values.js';
import { requireBool } from '../_lib/attributes.js';
import { isProdEnv, PROD_WORDS } from '../_lib/github.js';

export default defineRule({
  id: 'TG-GH-009',
  name: 'github-environment-reviewers',
  title: 'Production environment requires an independent reviewer',
  failTitle: 'Production environment has no independent reviewer',
  kind: 'terraform',
  category: 'change-management',
  controls: ['CC8.1', 'CC6.3'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Production deployments without an independent reviewer fail segregation of duties.',
  confidence: 'medium',
  introducedIn: '0.1.0',
  resourceTypes: ['github_repository_environment'],
  aliases: [],
  options: {
    environments: { type: 'array', items: { type: 'string' }, default: PROD_WORDS, description: 'Words that make an environment name production-like (whole words, any case).' },
  },
  rationale:
    'Required reviewers on a production environment make every deployment wait for a named person; without self-review prevention and admin-bypass disabled, the person who triggered the deployment can approve it alone.',
  controlRationale: {
    'CC8.1': 'Deployments to production are approved before they run, and the approval is recorded by GitHub.',
    'CC6.3': 'The approver must be someone other than the person who started the deployment.',
  },
  remediation:
    'Add a reviewers block (users or teams), set prevent_self_review = true and can_admins_bypass = false on the production github_repository_environment.',
  defaults:
    'Applies to environments whose name contains a word from the `environments` option (prod, production, prd, live). prevent_self_review defaults to false and can_admins_bypass to true.',
  *check(m, ctx) {
    const words = ctx.options.environments;
    for (const env of m.resourcesOf('github_repository_environment')) {
      const name = env.attr('environment');
      const prod = isProdEnv(name?.value, words);
      if (typeof prod === 'string') {
        yield indeterminate(name?.loc ?? env.headerLoc, prod);
        continue;
      }
      if (!prod) continue;
      const label = `Environment "${String(name?.value)}"`;
      const blockLine = env.block.range.startLine;
      const reviewers = env.blocks('reviewers');
      if (reviewers.some((r) => r.maybe)) {
        yield indeterminate(reviewers[0].headerLoc, 'reviewers come from a dynamic block with unknown for_each', blockLine);
        continue;
      }
      let count = 0;
      let unknown: string | undefined;
      for (const r of reviewers) {
        for (const k of ['users', 'teams']) {
          const a = r.attr(k);
          if (!a) continue;
          const l = asList(a.value);
          if (isUnknown(l)) unknown = `${k}: ${l.reason}`;
          else count += l?.length ?? 0;
        }
      }
      if (!count && unknown) {
        yield indeterminate(reviewers[0].headerLoc, unknown, blockLine);
        continue;
      }
      if (!count) {
        if (!env.hasError) yield fail(reviewers[0]?.headerLoc ?? env.headerLoc, `${label} has no required reviewers, so deployments to it need no approval.`, { blockLine });
        continue;
      }
      yield* requireBool(env, 'prevent_self_review', true, {
        dflt: false,
        blockLine,
        fix: true,
        bad: `${label} lets the person who triggered a deployment approve it (prevent_self_review = false).`,
        missing: `${label} lets the person who triggered a deployment approve it (prevent_self_review is not set).`,
      });
      yield* requireBool(env, 'can_admins_bypass', false, {
        dflt: true,
        blockLine,
        fix: true,
        bad: `${label} lets administrators deploy without review (can_admins_bypass = true).`,
        missing: `${label} lets administrators deploy without review (can_admins_bypass defaults to true).`,
      });
    }
  },
});
