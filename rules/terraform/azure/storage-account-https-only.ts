import { defineRule } from '../../../core/rule.js';
import { requireBool } from '../_lib/attributes.js';

export default defineRule({
  id: 'TG-AZR-001',
  name: 'azure-storage-account-https-only',
  title: 'Storage account accepts HTTPS traffic only',
  failTitle: 'Storage account accepts plain HTTP',
  kind: 'terraform',
  category: 'encryption-in-transit',
  controls: ['CC6.7', 'CC6.1'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'HTTP access sends data unencrypted in transit.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['azurerm_storage_account'],
  aliases: ['CKV_AZURE_3', 'AVD-AZU-0008', '12944ec4-1fa0-47be-8b17-42a034f937c2'],
  rationale:
    'With secure transfer turned off, a storage account also answers plain HTTP requests, so blobs, queue messages and shared-access signatures can cross the network unencrypted and be read or altered on the way.',
  controlRationale: {
    'CC6.7': 'Requiring HTTPS protects data while it moves between clients and the storage service.',
    'CC6.1': 'Encrypting the channel protects the credentials and SAS tokens that grant access to the data.',
  },
  remediation: 'Set https_traffic_only_enabled = true (azurerm v4; enable_https_traffic_only = true on v3) or remove the attribute: the default is true.',
  defaults:
    'Secure transfer is on when the attribute is omitted (https_traffic_only_enabled in azurerm v4, enable_https_traffic_only in v3 and earlier; both default to true).',
  *check(m) {
    for (const s of m.resourcesOf('azurerm_storage_account'))
      yield* requireBool(s, ['https_traffic_only_enabled', 'enable_https_traffic_only'], true, {
        dflt: true,
        bad: `Storage account "${s.name}" allows unencrypted HTTP requests because secure transfer is turned off.`,
        missing: `Storage account "${s.name}" allows unencrypted HTTP requests.`,
        fix: true,
      });
  },
});
