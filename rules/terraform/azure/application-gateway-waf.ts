import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asString, isUnknown } from '../../../core/terraform/values.js';
import { boolAt, headerOf } from '../_lib/attributes.js';

export default defineRule({
  id: 'TG-AZR-030',
  name: 'azure-application-gateway-waf',
  title: 'Application Gateways run a web application firewall in prevention mode',
  failTitle: 'Application Gateway has no web application firewall blocking attacks',
  kind: 'terraform',
  category: 'network-exposure',
  controls: ['CC6.6', 'CC7.1'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'An internet-facing gateway without a WAF is the boundary-protection gap auditors cite under CC6.6.',
  confidence: 'high',
  introducedIn: '0.2.0',
  resourceTypes: ['azurerm_application_gateway'],
  aliases: ['CKV_AZURE_120'],
  rationale:
    'Application Gateway is where web traffic enters. Its web application firewall (the OWASP core rule set, bot and custom rules) blocks injection, cross-site scripting and known exploit patterns before they reach the applications; the Standard tiers have no firewall at all, and Detection mode only logs what it would have blocked.',
  controlRationale: {
    'CC6.6': 'Traffic from outside is filtered for known attacks at the boundary.',
    'CC7.1': 'Known attack patterns are detected and stopped as they arrive.',
  },
  remediation:
    'Use sku tier "WAF_v2" with an azurerm_web_application_firewall_policy (firewall_policy_id, policy_settings { mode = "Prevention" }), or on the legacy tiers a waf_configuration { enabled = true, firewall_mode = "Prevention" }.',
  defaults: 'A WAF tier gateway passes when firewall_policy_id is set (the policy\'s own mode is not read) or waf_configuration is enabled in Prevention mode.',
  *check(m) {
    for (const g of m.resourcesOf('azurerm_application_gateway')) {
      const blockLine = g.block.range.startLine;
      const tierA = g.get('sku.tier');
      const tier = tierA ? asString(tierA.value) : undefined;
      if (isUnknown(tier)) {
        yield indeterminate(tierA!.loc, `sku.tier: ${tier.reason}`, blockLine);
        continue;
      }
      if (typeof tier !== 'string') continue;
      if (!/^waf/i.test(tier)) {
        yield fail(tierA!.loc, `Application Gateway "${g.name}" uses the ${tier} tier, which has no web application firewall.`, { blockLine });
        continue;
      }
      const pol = g.attr('firewall_policy_id');
      if (pol && pol.value !== null) continue;
      const waf = g.block1('waf_configuration');
      const on = boolAt(waf, 'enabled', false);
      if (typeof on === 'string') {
        yield indeterminate(waf!.attr('enabled')?.loc ?? headerOf(waf!), on, blockLine);
        continue;
      }
      if (!on) {
        if (g.hasError) continue;
        const a = waf?.attr('enabled');
        yield fail(a?.loc ?? (waf ? headerOf(waf) : g.headerLoc), `Application Gateway "${g.name}" has no web application firewall enabled (${waf ? 'waf_configuration.enabled = false' : 'no firewall_policy_id or waf_configuration'}).`, { blockLine });
        continue;
      }
      const modeA = waf!.attr('firewall_mode');
      const mode = modeA ? asString(modeA.value) : undefined;
      if (isUnknown(mode)) yield indeterminate(modeA!.loc, `firewall_mode: ${mode.reason}`, blockLine);
      else if (typeof mode === 'string' && mode.toLowerCase() === 'detection')
        yield fail(modeA!.loc, `Application Gateway "${g.name}" runs its web application firewall in Detection mode, which logs attacks without blocking them.`, { blockLine });
    }
  },
});
