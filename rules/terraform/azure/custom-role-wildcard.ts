import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asList, isUnknown } from '../../../core/terraform/values.js';
import { headerOf } from '../_lib/attributes.js';

export default defineRule({
  id: 'TG-AZR-028',
  name: 'azure-custom-role-wildcard',
  title: 'Azure custom roles do not allow every action',
  failTitle: 'Azure custom role allows every action ("*")',
  kind: 'terraform',
  category: 'access-control',
  controls: ['CC6.3', 'CC6.1', 'CC1.3'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'A custom role with every action is an owner role under another name: excessive access an auditor cites (CC6.3).',
  confidence: 'high',
  introducedIn: '0.2.0',
  resourceTypes: ['azurerm_role_definition'],
  aliases: ['CKV_AZURE_39'],
  rationale:
    'A custom role whose permissions allow "*" grants every management operation at its scope, including assigning roles to others (unless excluded in not_actions): whoever holds it controls the subscription or resource group like an Owner, but under a name that does not say so in access reviews.',
  controlRationale: {
    'CC6.3': 'Roles grant the operations a job needs, not every operation.',
    'CC6.1': 'Management access to the subscription is limited to named operations.',
    'CC1.3': 'Owner-level authority is assigned through the built-in roles reviewers recognise, to few people.',
  },
  remediation:
    'List the resource provider operations the role needs (e.g. "Microsoft.Compute/virtualMachines/start/action"), or use a built-in role (Reader, Contributor, a service-specific role). Keep owner-level access on the built-in Owner role, assigned to few principals.',
  defaults: 'Only actions = ["*"] counts (provider-wide patterns such as "Microsoft.Storage/*" do not); not_actions do not make it pass, since the role still allows every other operation, present and future.',
  *check(m) {
    for (const r of m.resourcesOf('azurerm_role_definition')) {
      const blockLine = r.block.range.startLine;
      for (const p of r.blocks('permissions')) {
        const a = p.attr('actions');
        if (!a) continue;
        const l = asList(a.value);
        if (isUnknown(l)) {
          yield indeterminate(a.loc, `actions: ${l.reason}`, blockLine);
          continue;
        }
        if (p.maybe && l?.includes('*')) {
          yield indeterminate(headerOf(p), 'dynamic block may not exist (for_each unknown)', blockLine);
          continue;
        }
        if (l?.includes('*')) yield fail(a.loc, `Custom role "${r.name}" allows every action ("*") at its scope.`, { blockLine });
        else if (l?.some(isUnknown)) yield indeterminate(a.loc, `actions: ${l.find(isUnknown)!.reason}`, blockLine);
      }
    }
  },
});
