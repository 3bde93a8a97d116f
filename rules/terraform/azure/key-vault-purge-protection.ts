import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asNumber, isUnknown } from '../../../core/terraform/values.js';
import { requireBool } from '../_lib/attributes.js';

export default defineRule({
  id: 'TG-AZR-013',
  name: 'azure-key-vault-purge-protection',
  title: 'Key Vault has purge protection enabled',
  failTitle: 'Key Vault purge protection is off',
  kind: 'terraform',
  category: 'backup-recovery',
  controls: ['PI1.5', 'C1.1', 'CC6.1'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Purge protection keeps keys recoverable after deletion.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['azurerm_key_vault'],
  aliases: ['CKV_AZURE_110', 'CKV_AZURE_42', 'AVD-AZU-0016'],
  rationale:
    'Without purge protection a deleted vault, key or secret can be purged immediately, by mistake or by an attacker, and every piece of data encrypted with those keys becomes unrecoverable.',
  controlRationale: {
    'PI1.5': 'Purge protection keeps keys recoverable for the retention period, so stored data encrypted with them stays usable.',
    'C1.1': 'It protects the keys that guard confidential information from destruction.',
    'CC6.1': 'It protects the encryption keys themselves from irreversible deletion.',
  },
  remediation: 'Set purge_protection_enabled = true (it cannot be turned off again) and keep soft_delete_retention_days at 7 or more (default 90).',
  defaults: 'purge_protection_enabled defaults to false. soft_delete_retention_days defaults to 90; values below 7 are reported.',
  *check(m) {
    for (const v of m.resourcesOf('azurerm_key_vault')) {
      yield* requireBool(v, 'purge_protection_enabled', true, {
        dflt: false,
        bad: `Key Vault "${v.name}" has purge protection turned off, so deleted keys and secrets can be purged at once.`,
        missing: `Key Vault "${v.name}" does not enable purge protection, so deleted keys and secrets can be purged at once.`,
        fix: true,
      });
      const a = v.attr('soft_delete_retention_days');
      if (!a) continue;
      const d = asNumber(a.value);
      if (isUnknown(d)) yield indeterminate(a.loc, `soft_delete_retention_days: ${d.reason}`, v.block.range.startLine);
      else if (d !== undefined && d < 7) yield fail(a.loc, `Key Vault "${v.name}" keeps deleted items for only ${d} days.`, { blockLine: v.block.range.startLine });
    }
  },
});
