import { defineRule } from '../../../core/rule.js';
import { fail, indeterminate } from '../../../core/rule.js';
import { asString, isUnknown } from '../../../core/terraform/values.js';
import { requireBool } from '../_lib/attributes.js';
import { literalFix } from '../_lib/fixes.js';

export default defineRule({
  id: 'TG-GH-011',
  name: 'github-default-workflow-permissions',
  title: 'Workflow token is read-only by default and cannot approve pull requests',
  failTitle: 'Workflow token can write by default or approve pull requests',
  kind: 'terraform',
  category: 'access-control',
  controls: ['CC8.1', 'CC6.3'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'A writable default token gives every workflow write access.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['github_workflow_repository_permissions', 'github_actions_organization_workflow_permissions'],
  aliases: [],
  rationale:
    'A GITHUB_TOKEN that can approve pull requests lets any workflow (or anyone who can edit one) supply the independent approval that branch protection demands; a write-by-default token gives every job more power than it needs.',
  controlRationale: {
    'CC8.1': 'Approvals of changes must come from people, not from automation the change author controls.',
    'CC6.3': 'Workflow jobs get only the permissions they declare instead of broad write access.',
  },
  remediation: 'Set default_workflow_permissions = "read" and can_approve_pull_request_reviews = false.',
  defaults: 'can_approve_pull_request_reviews defaults to false; an omitted default_workflow_permissions keeps the current GitHub setting and is not reported.',
  *check(m) {
    for (const r of m.resourcesOf('github_workflow_repository_permissions', 'github_actions_organization_workflow_permissions')) {
      const blockLine = r.block.range.startLine;
      const a = r.attr('default_workflow_permissions');
      if (a) {
        const v = asString(a.value);
        if (isUnknown(v)) yield indeterminate(a.loc, `default_workflow_permissions: ${v.reason}`, blockLine);
        else if (v === 'write')
          yield fail(a.loc, `${r.resourceType}.${r.name} gives workflow tokens write access by default.`, { blockLine, fixes: literalFix(a, 'Set default_workflow_permissions = "read"', '"read"') });
      }
      yield* requireBool(r, 'can_approve_pull_request_reviews', false, {
        dflt: false,
        blockLine,
        fix: true,
        bad: `${r.resourceType}.${r.name} lets GitHub Actions approve pull requests, which can satisfy required reviews without a person.`,
        missing: '',
      });
    }
  },
});
