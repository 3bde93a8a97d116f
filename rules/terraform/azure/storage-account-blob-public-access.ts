import { defineRule } from '../../../core/rule.js';
import { requireBool } from '../_lib/attributes.js';
import { providerMajor } from '../_lib/providers.js';

export default defineRule({
  id: 'TG-AZR-003',
  name: 'azure-storage-account-blob-public-access',
  title: 'Storage account disallows public blob access',
  failTitle: 'Storage account allows public blob access',
  kind: 'terraform',
  category: 'access-control',
  controls: ['CC6.1', 'CC6.6', 'C1.1'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Public blob access exposes data to everyone.',
  confidence: 'medium',
  introducedIn: '0.1.0',
  resourceTypes: ['azurerm_storage_account'],
  aliases: ['CKV_AZURE_190'],
  rationale:
    'While the account allows nested items to be public, any container can be switched to anonymous read access with a single setting, and its blobs become downloadable by anyone who knows the URL. Turning it off at the account makes that mistake impossible.',
  controlRationale: {
    'CC6.1': 'Disallowing anonymous access keeps every read of the data tied to an authorised identity.',
    'CC6.6': 'It removes an unauthenticated internet-facing path to the stored data.',
    'C1.1': 'It protects confidential blobs from being published by a later container change.',
  },
  remediation: 'Set allow_nested_items_to_be_public = false (azurerm v3+; allow_blob_public_access = false on v2). Serve public files through a CDN with a private origin instead.',
  defaults:
    'azurerm v3 and v4 default allow_nested_items_to_be_public to true (unlike the Azure API), so an omitted attribute is reported. The v2 attribute allow_blob_public_access defaults to false and is honoured when present, and an omitted setting passes when required_providers pins azurerm to 2.x.',
  *check(m) {
    // Accounts first: a module without any is not asked for its provider versions (and the check is gated: core/terraform/check-gate.ts).
    const accounts = m.resourcesOf('azurerm_storage_account');
    if (!accounts.length) return;
    const v2 = providerMajor(m, 'azurerm') === 2;
    for (const s of accounts) {
      if (s.attr('allow_blob_public_access') || v2) {
        yield* requireBool(s, 'allow_blob_public_access', false, {
          dflt: false,
          bad: `Storage account "${s.name}" lets containers and blobs be made public (allow_blob_public_access is true).`,
          missing: '',
          fix: true,
        });
        continue;
      }
      yield* requireBool(s, 'allow_nested_items_to_be_public', false, {
        dflt: true,
        bad: `Storage account "${s.name}" lets containers and blobs be made public (allow_nested_items_to_be_public is true).`,
        missing: `Storage account "${s.name}" lets containers and blobs be made public: allow_nested_items_to_be_public defaults to true in azurerm v3+.`,
        fix: true,
      });
    }
  },
});
