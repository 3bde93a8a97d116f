import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { isUnknown } from '../../../core/terraform/values.js';

export default defineRule({
  id: 'TG-AZR-014',
  name: 'azure-key-vault-key-secret-expiration',
  title: 'Key Vault keys and secrets have an expiration date',
  failTitle: 'Key Vault key or secret has no expiration date',
  kind: 'terraform',
  category: 'secrets',
  controls: ['CC6.1', 'PI1.5'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Keys and secrets without expiry stay valid indefinitely once leaked.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['azurerm_key_vault_key', 'azurerm_key_vault_secret'],
  aliases: ['CKV_AZURE_40', 'CKV_AZURE_41', 'AVD-AZU-0014', 'AVD-AZU-0017', '4d080822-5ee2-49a4-8984-68f3d4c890fc', 'dfa20ffa-f476-428f-a490-424b41e91c7f'],
  rationale:
    'Keys and secrets that never expire tend never to be rotated; a leaked credential then stays valid indefinitely. An expiration date (or, for keys, a rotation policy with expire_after) forces a lifecycle.',
  controlRationale: {
    'CC6.1': 'Expiring credentials limit how long a leaked key or secret can grant access.',
    'PI1.5': 'A managed key lifecycle keeps the keys protecting stored data current.',
  },
  remediation: 'Set expiration_date (RFC 3339) on the key or secret, or give keys a rotation_policy with expire_after, and rotate before expiry.',
  defaults: 'Keys and secrets never expire unless expiration_date is set (or, for keys, rotation_policy.expire_after).',
  *check(m) {
    for (const r of m.resourcesOf('azurerm_key_vault_key', 'azurerm_key_vault_secret')) {
      const bl = r.block.range.startLine;
      const what = r.resourceType === 'azurerm_key_vault_key' ? 'Key Vault key' : 'Key Vault secret';
      const a = r.attr('expiration_date');
      if (a && a.value !== null) {
        // A computed date (timeadd(timestamp(), ...), a resource attribute) is still an expiry; an
        // unresolved variable might be null.
        if (isUnknown(a.value) && (a.value.error || a.expr.t === 'ref')) yield indeterminate(a.loc, `expiration_date: ${a.value.reason}`, bl);
        continue;
      }
      if (r.resourceType === 'azurerm_key_vault_key') {
        const rp = r.blocks('rotation_policy');
        if (rp.some((b) => b.attr('expire_after'))) continue;
        if (rp.some((b) => b.maybe)) {
          yield indeterminate(r.headerLoc, 'dynamic rotation_policy block may not exist (for_each unknown)', bl);
          continue;
        }
      }
      if (r.hasError) continue;
      yield fail(r.headerLoc, `${what} "${r.name}" has no expiration date, so it stays valid forever.`, { blockLine: bl });
    }
  },
});
