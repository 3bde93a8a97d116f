import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asList, asString, isUnknown } from '../../../core/terraform/values.js';
import { boolAt } from '../_lib/attributes.js';

export default defineRule({
  id: 'TG-GH-012',
  name: 'github-allowed-actions-restricted',
  title: 'Only selected or local GitHub Actions may run',
  failTitle: 'Any GitHub Action may run',
  kind: 'terraform',
  category: 'supply-chain',
  controls: ['CC6.8', 'CC8.1', 'CC9.2'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Unrestricted actions let any third-party code run with the repository token.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['github_actions_repository_permissions', 'github_actions_organization_permissions'],
  aliases: [],
  rationale:
    'Allowing every action from the marketplace lets any workflow change pull in third-party code that runs with the repository token and secrets; an allow-list makes each new vendor a reviewed decision.',
  controlRationale: {
    'CC6.8': 'Software that may run in the delivery pipeline is restricted to an approved set.',
    'CC8.1': 'The components that build and deploy changes are themselves controlled.',
    'CC9.2': 'Third-party actions are vendors whose use is approved rather than implicit.',
  },
  remediation:
    'Set allowed_actions = "selected" (with allowed_actions_config listing owners/actions, no bare "*") or "local_only".',
  defaults: 'allowed_actions defaults to "all" when omitted.',
  *check(m) {
    for (const r of m.resourcesOf('github_actions_repository_permissions', 'github_actions_organization_permissions')) {
      const blockLine = r.block.range.startLine;
      const label = `${r.resourceType}.${r.name}`;
      const enabled = boolAt(r, 'enabled', true);
      if (enabled === false) continue;
      const a = r.attr('allowed_actions');
      const v = a ? asString(a.value) : 'all';
      if (isUnknown(v)) {
        yield indeterminate(a!.loc, `allowed_actions: ${v.reason}`, blockLine);
        continue;
      }
      if (v === 'all') {
        if (r.hasError) continue;
        yield fail(a?.loc ?? r.headerLoc, `${label} allows every GitHub Action to run (allowed_actions ${a ? '= "all"' : 'defaults to "all"'}).`, { blockLine });
        continue;
      }
      const cfg = r.block1('allowed_actions_config');
      const pat = cfg?.attr('patterns_allowed');
      if (!pat) continue;
      const l = asList(pat.value);
      if (isUnknown(l)) yield indeterminate(pat.loc, `patterns_allowed: ${l.reason}`, blockLine);
      else if (l?.some((p) => p === '*' || p === '*/*' || p === '*/*@*'))
        yield fail(pat.loc, `${label} allows every action through a bare "*" pattern in patterns_allowed.`, { blockLine });
    }
  },
});
