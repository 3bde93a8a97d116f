import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asString, isUnknown } from '../../../core/terraform/values.js';
import { literalFix } from '../_lib/fixes.js';

export default defineRule({
  id: 'TG-AZR-016',
  name: 'azure-defender-standard-tier',
  title: 'Microsoft Defender for Cloud plans use the Standard tier',
  failTitle: 'Microsoft Defender for Cloud plan is not on the Standard tier',
  kind: 'terraform',
  category: 'logging-monitoring',
  controls: ['CC7.2', 'CC6.8', 'CC7.1'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Threat detection is the monitoring control under CC7.2.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['azurerm_security_center_subscription_pricing'],
  aliases: ['CKV_AZURE_19', 'CKV_AZURE_55', 'CKV_AZURE_84', 'CKV_AZURE_87', 'CKV_AZURE_85', 'CKV_AZURE_69', 'AVD-AZU-0045', '819d50fd-1cdf-45c3-9936-be408aaad93e'],
  rationale:
    'The Free tier of Defender for Cloud only gives posture recommendations; threat detection for servers, storage, Key Vault, containers and databases needs the Standard tier. A plan set to Free leaves those resource types without alerts on active attacks.',
  controlRationale: {
    'CC7.2': 'Standard-tier plans generate the security alerts used to detect anomalous activity.',
    'CC6.8': 'They detect malware and unauthorised software on the covered resources.',
    'CC7.1': 'They continuously assess the covered resources for vulnerabilities and misconfiguration.',
  },
  remediation: 'Set tier = "Standard" for each resource_type plan you use (VirtualMachines, StorageAccounts, KeyVaults, Containers, SqlServers, Arm, ...).',
  defaults: 'Only plans declared in the configuration are checked; tier = "Free" fails.',
  *check(m) {
    for (const p of m.resourcesOf('azurerm_security_center_subscription_pricing')) {
      const a = p.attr('tier');
      if (!a) continue;
      const v = asString(a.value);
      if (isUnknown(v)) {
        yield indeterminate(a.loc, `tier: ${v.reason}`, p.block.range.startLine);
        continue;
      }
      if (v?.toLowerCase() !== 'free') continue;
      const t = asString(p.value('resource_type'));
      const plan = typeof t === 'string' ? ` for ${t}` : '';
      yield fail(a.loc, `Defender for Cloud plan "${p.name}"${plan} is on the Free tier, which has no threat detection.`, {
        blockLine: p.block.range.startLine,
        fixes: literalFix(a, 'Set tier = "Standard"', '"Standard"'),
      });
    }
  },
});
