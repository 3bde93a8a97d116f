import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asString, isUnknown } from '../../../core/terraform/values.js';
import { requireBool, tlsMinor } from '../_lib/attributes.js';
import { literalFix } from '../_lib/fixes.js';

export default defineRule({
  id: 'TG-AZR-012',
  name: 'azure-redis-tls-only',
  title: 'Azure Cache for Redis accepts only TLS 1.2 connections',
  failTitle: 'Azure Cache for Redis accepts connections below TLS 1.2',
  kind: 'terraform',
  category: 'encryption-in-transit',
  controls: ['CC6.7', 'CC6.6'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Non-TLS cache connections send data unencrypted in transit.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['azurerm_redis_cache'],
  aliases: ['CKV_AZURE_91', 'CKV_AZURE_148'],
  rationale:
    'The non-TLS port (6379) carries the access key and cached data in clear text; old TLS versions weaken the encrypted port. Cached data often includes session tokens and personal data.',
  controlRationale: {
    'CC6.7': 'Only encrypted, modern-TLS connections protect cached data and keys in transit.',
    'CC6.6': 'Closing the plain-text port removes an interceptable network path to the cache.',
  },
  remediation: 'Set non_ssl_port_enabled = false (enable_non_ssl_port on azurerm v3) and minimum_tls_version = "1.2".',
  defaults:
    'The non-TLS port is closed by default (non_ssl_port_enabled in v4, enable_non_ssl_port in v3, both default false). minimum_tls_version defaults to "1.2" in azurerm v4 but "1.0" in v3, so only explicit values below 1.2 are reported.',
  *check(m) {
    for (const r of m.resourcesOf('azurerm_redis_cache')) {
      yield* requireBool(r, ['non_ssl_port_enabled', 'enable_non_ssl_port'], false, {
        dflt: false,
        bad: `Redis cache "${r.name}" opens the non-TLS port 6379.`,
        missing: '',
        fix: true,
      });
      const a = r.attr('minimum_tls_version');
      if (!a || a.value === null) continue;
      const v = asString(a.value);
      if (isUnknown(v)) {
        yield indeterminate(a.loc, `minimum_tls_version: ${v.reason}`, r.block.range.startLine);
        continue;
      }
      const minor = v === undefined ? undefined : tlsMinor(v);
      if (minor !== undefined && minor < 2)
        yield fail(a.loc, `Redis cache "${r.name}" accepts TLS ${v} connections; the minimum should be 1.2.`, {
          blockLine: r.block.range.startLine,
          fixes: literalFix(a, 'Set minimum_tls_version = "1.2"', '"1.2"'),
        });
    }
  },
});
