import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asString, isUnknown } from '../../../core/terraform/values.js';
import { tlsMinor } from '../_lib/attributes.js';
import { literalFix } from '../_lib/fixes.js';
import { providerMajor } from '../_lib/providers.js';

export default defineRule({
  id: 'TG-AZR-002',
  name: 'azure-storage-account-min-tls',
  title: 'Storage account requires TLS 1.2 or later',
  failTitle: 'Storage account allows TLS older than 1.2',
  kind: 'terraform',
  category: 'encryption-in-transit',
  controls: ['CC6.7', 'CC6.1'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'TLS below 1.2 is weak encryption in transit.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['azurerm_storage_account'],
  aliases: ['CKV_AZURE_44', 'AVD-AZU-0011', '8263f146-5e03-43e0-9cfe-db960d56d1e7'],
  rationale:
    'TLS 1.0 and 1.1 have known weaknesses and are no longer supported by current clients; a storage account that still accepts them lets a downgraded connection carry data and keys with weaker protection.',
  controlRationale: {
    'CC6.7': 'A modern minimum TLS version keeps data in transit to the account protected by current cryptography.',
    'CC6.1': 'It protects the access keys and tokens sent on those connections.',
  },
  remediation: 'Set min_tls_version = "TLS1_2" (or remove it on azurerm v3+, where TLS1_2 is the default).',
  defaults: 'min_tls_version defaults to TLS1_2 in azurerm v3 and later, so an omitted attribute passes, unless required_providers pins azurerm to 2.x, where the default is TLS1_0.',
  *check(m) {
    // Accounts first: a module without any is not asked for its provider versions (and the check is gated: core/terraform/check-gate.ts).
    const accounts = m.resourcesOf('azurerm_storage_account');
    if (!accounts.length) return;
    const v2 = providerMajor(m, 'azurerm') === 2;
    for (const s of accounts) {
      const a = s.attr('min_tls_version');
      if (!a || a.value === null) {
        if (v2 && !s.hasError)
          yield fail(a?.loc ?? s.headerLoc, `Storage account "${s.name}" accepts TLS 1.0 connections: min_tls_version defaults to TLS1_0 on azurerm 2.x.`, { blockLine: s.block.range.startLine });
        continue;
      }
      const v = asString(a.value);
      if (isUnknown(v)) {
        yield indeterminate(a.loc, `min_tls_version: ${v.reason}`, s.block.range.startLine);
        continue;
      }
      const minor = v === undefined ? undefined : tlsMinor(v);
      if (minor !== undefined && minor < 2)
        yield fail(a.loc, `Storage account "${s.name}" accepts ${v} connections; the minimum TLS version should be TLS1_2.`, {
          blockLine: s.block.range.startLine,
          fixes: literalFix(a, 'Set min_tls_version = "TLS1_2"', '"TLS1_2"'),
        });
    }
  },
});
