import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { policyStatements, type PolicyStatement } from '../../../core/terraform/policy-document.js';
import { isUnknown, type Value } from '../../../core/terraform/values.js';
import { conditionEntries } from '../_lib/iam.js';

const GH = 'token.actions.githubusercontent.com';

function isGitHubTrust(s: PolicyStatement): boolean {
  const p = s.principals;
  const fed = p && typeof p === 'object' && !Array.isArray(p) && !isUnknown(p) ? (p as Record<string, Value>).Federated : undefined;
  const fedList = Array.isArray(fed) ? fed : [fed];
  if (fedList.some((f) => typeof f === 'string' && f.includes(GH))) return true;
  return conditionEntries(s.condition).some((c) => c.key.startsWith(`${GH}:`));
}

/** "repo:org/repo:ref:refs/heads/main" is bound; "*", "repo:*", "repo:org/*" are not; "repo:org/repo:*" allows any branch. */
function subProblem(values: Value, allowAnyRef: boolean): string | undefined {
  const list = (Array.isArray(values) ? values : [values]).filter((v): v is string => typeof v === 'string');
  for (const v of list) {
    const m = /^repo:([^:]*)(?::(.*))?$/.exec(v);
    if (!m) {
      if (v.includes('*')) return `sub pattern ${JSON.stringify(v)} matches any repository`;
      continue;
    }
    if (m[1].includes('*') || !m[1].includes('/')) return `sub pattern ${JSON.stringify(v)} matches more than one repository`;
    if (!allowAnyRef && (m[2] === undefined || m[2] === '*')) return `sub pattern ${JSON.stringify(v)} matches every branch, tag and pull request of the repository`;
  }
  return undefined;
}

export default defineRule({
  id: 'TG-AWS-036',
  name: 'aws-iam-github-oidc-trust-bound',
  title: 'GitHub Actions OIDC roles are bound to a repository and branch or environment',
  failTitle: 'GitHub Actions OIDC role is not bound to a repository and branch or environment',
  kind: 'terraform',
  category: 'identity-mfa',
  controls: ['CC6.1', 'CC6.2', 'CC8.1'],
  severity: 'critical',
  persona: 'regular',
  personaRationale: 'An unbound OIDC trust lets any GitHub repository assume the role.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['aws_iam_role'],
  aliases: ['CKV_AWS_358'],
  options: {
    allowAnyRef: { type: 'boolean', default: false, description: 'Accept a trust limited to a repository but not to a branch, tag or environment ("repo:org/repo:*").' },
  },
  rationale: 'GitHub issues OIDC tokens to every workflow run on github.com. A role that trusts the GitHub provider without a sub condition can be assumed by any repository of any owner; a repository-wide wildcard lets any branch or pull request deploy.',
  controlRationale: {
    'CC6.1': 'Cloud credentials are only issued to the pipeline that was meant to have them.',
    'CC6.2': 'The workload identity is registered narrowly (repository and ref/environment) before it gets credentials.',
    'CC8.1': 'Only reviewed code on protected branches or environments can deploy.',
  },
  remediation: 'Add a StringEquals (or StringLike without owner/repo wildcards) condition on token.actions.githubusercontent.com:sub such as "repo:my-org/my-repo:environment:production" or "repo:my-org/my-repo:ref:refs/heads/main", and token.actions.githubusercontent.com:aud = "sts.amazonaws.com".',
  defaults: 'A trust statement is a GitHub trust when its Federated principal or its condition keys name token.actions.githubusercontent.com. Set the option allowAnyRef: true to accept "repo:org/repo:*".',
  *check(m, ctx) {
    const allowAnyRef = ctx.options.allowAnyRef;
    for (const r of m.resourcesOf('aws_iam_role')) {
      const a = r.attr('assume_role_policy');
      if (!a) continue;
      const sts = policyStatements(a.value);
      if (isUnknown(sts) || !sts) continue; // TG-AWS-035 reports an unknown trust policy
      for (const s of sts) {
        if (s.effect !== 'Allow' || !isGitHubTrust(s)) continue;
        if (isUnknown(s.condition)) {
          yield indeterminate(a.loc, `trust condition: ${s.condition.reason}`, r.block.range.startLine);
          continue;
        }
        const subs = conditionEntries(s.condition).filter((c) => c.key === `${GH}:sub`);
        if (!subs.length) {
          yield fail(a.loc, `Role "${r.name}" trusts GitHub Actions OIDC without a sub condition, so any GitHub repository can assume it.`, { blockLine: r.block.range.startLine });
          continue;
        }
        if (subs.some((c) => isUnknown(c.values) || (Array.isArray(c.values) && c.values.some(isUnknown)))) {
          yield indeterminate(a.loc, 'the sub condition value is unknown', r.block.range.startLine);
          continue;
        }
        const problem = subs.map((c) => subProblem(c.values, allowAnyRef)).find(Boolean);
        if (problem) yield fail(a.loc, `Role "${r.name}" trusts GitHub Actions OIDC, but its ${problem}.`, { blockLine: r.block.range.startLine });
      }
    }
  },
});
