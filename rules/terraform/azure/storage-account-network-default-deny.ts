import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import type { TfBody } from '../../../core/terraform/model.js';
import { asBool, asString, isUnknown } from '../../../core/terraform/values.js';
import type { CheckResult } from '../../../core/types.js';
import { companionInCaller } from '../_lib/attributes.js';
import { literalFix } from '../_lib/fixes.js';

/** 'deny' | 'allow' | Unknown | undefined (no default_action) for a network rules body. */
function action(b: TfBody) {
  const a = b.attr('default_action');
  if (!a) return { a, v: undefined };
  const v = asString(a.value);
  return { a, v: isUnknown(v) ? v : v?.toLowerCase() };
}

export default defineRule({
  id: 'TG-AZR-005',
  name: 'azure-storage-account-network-default-deny',
  title: 'Storage account denies network access by default',
  failTitle: 'Storage account allows network access by default',
  kind: 'terraform',
  category: 'network-exposure',
  controls: ['CC6.6', 'CC6.1'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Storage reachable from every network is a direct exposure.',
  confidence: 'medium',
  introducedIn: '0.1.0',
  resourceTypes: ['azurerm_storage_account', 'azurerm_storage_account_network_rules'],
  aliases: ['CKV_AZURE_59', 'CKV_AZURE_35', 'AVD-AZU-0012', '17f75827-0684-48f4-8747-61129c7e4198', '9be09caf-2ba4-4fa9-9787-a670dc32c639'],
  rationale:
    'A storage account whose firewall allows by default accepts requests from any network, so a leaked key or SAS token can be used from anywhere. Denying by default and allowing only known networks or private endpoints limits where the data can be reached from.',
  controlRationale: {
    'CC6.6': 'A default-deny firewall restricts access to the storage endpoint to approved networks.',
    'CC6.1': 'It adds a network boundary in front of key- and token-based access to the data.',
  },
  remediation:
    'Set public_network_access_enabled = false and use private endpoints, or add network_rules (inline or azurerm_storage_account_network_rules) with default_action = "Deny" and the allowed ip_rules / virtual_network_subnet_ids.',
  defaults:
    'Without network_rules the account firewall allows all networks, and public_network_access_enabled defaults to true. An azurerm_storage_account_network_rules resource that refers to the account (storage_account_id, or storage_account_name on older providers) counts.',
  *check(m) {
    for (const s of m.resourcesOf('azurerm_storage_account')) {
      const bl = s.block.range.startLine;
      const pub = s.attr('public_network_access_enabled');
      if (pub) {
        const b = asBool(pub.value);
        if (b === false) continue;
        if (isUnknown(b)) {
          yield indeterminate(pub.loc, `public_network_access_enabled: ${b.reason}`, bl);
          continue;
        }
      }
      const bodies: TfBody[] = [...s.blocks('network_rules')];
      const comps = [
        ...m.companions(s, 'azurerm_storage_account_network_rules', 'storage_account_id'),
        ...m.companions(s, 'azurerm_storage_account_network_rules', 'storage_account_name'),
      ];
      bodies.push(...new Set(comps));
      const isComp = (b: TfBody) => (comps as TfBody[]).includes(b);
      if (!bodies.length) {
        if (companionInCaller(m, 'azurerm_storage_account_network_rules', 'storage_account_id') || m.hasUnlinkedCompanion('azurerm_storage_account_network_rules', 'storage_account_id') || m.hasUnlinkedCompanion('azurerm_storage_account_network_rules', 'storage_account_name')) {
          yield indeterminate(s.headerLoc, 'an azurerm_storage_account_network_rules resource names an account that cannot be resolved statically', bl);
          continue;
        }
        if (s.hasError) continue;
        yield fail(s.headerLoc, `Storage account "${s.name}" accepts connections from any network: no network rules deny access by default.`, { blockLine: bl });
        continue;
      }
      const results: CheckResult[] = [];
      let denied = false;
      for (const b of bodies) {
        const { a, v } = action(b);
        if (v === 'deny' && !b.maybe) denied = true;
        else if (isUnknown(v)) results.push(indeterminate(a!.loc, `default_action: ${v.reason}`, bl));
        else if (b.maybe) results.push(indeterminate(b.headerLoc, 'dynamic network_rules block may not exist (for_each unknown)', bl));
        else if (v === 'allow' && a)
          results.push(
            fail(a.loc, `Storage account "${s.name}" accepts connections from any network (network rules default_action = "Allow").`, {
              blockLine: isComp(b) ? b.block.range.startLine : bl,
              fixes: literalFix(a, 'Set default_action = "Deny"', '"Deny"'),
              related: isComp(b) ? [{ message: `storage account "${s.name}"`, location: s.headerLoc }] : undefined,
            }),
          );
      }
      if (!denied) yield* results;
    }
  },
});
