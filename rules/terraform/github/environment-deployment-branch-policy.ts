import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { boolAt } from '../_lib/attributes.js';
import { isProdEnv, PROD_WORDS } from '../_lib/github.js';

export default defineRule({
  id: 'TG-GH-010',
  name: 'github-environment-deployment-branch-policy',
  title: 'Production environment accepts deployments only from protected branches',
  failTitle: 'Production environment accepts deployments from unprotected branches',
  kind: 'terraform',
  category: 'change-management',
  controls: ['CC8.1'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Deployments from unprotected branches bypass review.',
  confidence: 'medium',
  introducedIn: '0.1.0',
  resourceTypes: ['github_repository_environment'],
  aliases: [],
  options: {
    environments: { type: 'array', items: { type: 'string' }, default: PROD_WORDS, description: 'Words that make an environment name production-like (whole words, any case).' },
  },
  rationale:
    'Without a deployment branch policy any branch, including one that was never reviewed, can deploy to production through a workflow that names the environment.',
  controlRationale: {
    'CC8.1': 'Only changes that went through the reviewed branch reach production.',
  },
  remediation:
    'Add deployment_branch_policy { protected_branches = true, custom_branch_policies = false }, or custom_branch_policies = true with github_repository_environment_deployment_policy resources limited to release branches or tags.',
  defaults: 'Without a deployment_branch_policy block every branch may deploy. Applies to environments named like production (the `environments` option).',
  *check(m, ctx) {
    const words = ctx.options.environments;
    for (const env of m.resourcesOf('github_repository_environment')) {
      const name = env.attr('environment');
      const prod = isProdEnv(name?.value, words);
      if (typeof prod === 'string') {
        yield indeterminate(name?.loc ?? env.headerLoc, prod);
        continue;
      }
      if (!prod || env.hasError) continue;
      const label = `Environment "${String(name?.value)}"`;
      const blockLine = env.block.range.startLine;
      const pol = env.block1('deployment_branch_policy');
      if (!pol) {
        yield fail(env.headerLoc, `${label} has no deployment_branch_policy, so any branch can deploy to it.`, { blockLine });
        continue;
      }
      const prot = boolAt(pol, 'protected_branches', false);
      const custom = boolAt(pol, 'custom_branch_policies', false);
      if (prot === true || custom === true) continue;
      const u = [prot, custom].find((x) => typeof x === 'string');
      if (u) {
        yield indeterminate(pol.headerLoc, String(u), blockLine);
        continue;
      }
      yield fail(pol.headerLoc, `${label} has a deployment_branch_policy that restricts no branches (protected_branches and custom_branch_policies are false).`, { blockLine });
    }
  },
});
