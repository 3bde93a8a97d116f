import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asString, isUnknown } from '../../../core/terraform/values.js';
import { firstAttr, tlsMinor } from '../_lib/attributes.js';
import { AZURE_APP_TYPES } from '../_lib/azure.js';
import { literalFix } from '../_lib/fixes.js';


export default defineRule({
  id: 'TG-AZR-021',
  name: 'azure-app-service-tls-ftps',
  title: 'App Service and Function apps require TLS 1.2 and disallow plain FTP',
  failTitle: 'App Service or Function app allows TLS older than 1.2 or plain FTP',
  kind: 'terraform',
  category: 'encryption-in-transit',
  controls: ['CC6.7', 'CC6.6'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Weak TLS or plain FTP sends data and credentials unencrypted.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: AZURE_APP_TYPES,
  aliases: ['CKV_AZURE_15', 'CKV_AZURE_145', 'CKV_AZURE_78', 'AVD-AZU-0006', 'AVD-AZU-0071'],
  rationale:
    'TLS 1.0/1.1 on the app endpoint and plain FTP for deployment both send data or deployment credentials with weak or no encryption; FTP credentials captured on the wire allow code to be replaced.',
  controlRationale: {
    'CC6.7': 'A modern TLS minimum and FTPS-only deployment protect data and credentials in transit.',
    'CC6.6': 'They close weakly protected entry points to the application and its deployment channel.',
  },
  remediation: 'In site_config set minimum_tls_version = "1.2" (min_tls_version on the legacy azurerm_app_service and azurerm_function_app) or later and ftps_state = "Disabled" (or "FtpsOnly").',
  defaults: 'minimum_tls_version defaults to "1.2" and ftps_state to "Disabled" on the azurerm v3+ app resources, so only explicit weaker values are reported.',
  *check(m) {
    for (const app of m.resourcesOf(...AZURE_APP_TYPES)) {
      const bl = app.block.range.startLine;
      for (const sc of app.blocks('site_config')) {
        // minimum_tls_version on the current app resources; min_tls_version on azurerm_app_service / azurerm_function_app.
        const found = firstAttr(sc, 'minimum_tls_version', 'min_tls_version');
        const t = found?.attr;
        if (t && found && t.value !== null) {
          const v = asString(t.value);
          if (isUnknown(v)) yield indeterminate(t.loc, `${found.path}: ${v.reason}`, bl);
          else if (v !== undefined && (tlsMinor(v) ?? 2) < 2)
            yield fail(t.loc, `App "${app.name}" accepts TLS ${v} connections; the minimum should be 1.2.`, { blockLine: bl, fixes: literalFix(t, `Set ${found.path} = "1.2"`, '"1.2"') });
        }
        const f = sc.attr('ftps_state');
        if (f && f.value !== null) {
          const v = asString(f.value);
          if (isUnknown(v)) yield indeterminate(f.loc, `ftps_state: ${v.reason}`, bl);
          else if (v?.toLowerCase() === 'allallowed')
            yield fail(f.loc, `App "${app.name}" allows plain FTP deployment (ftps_state = "AllAllowed").`, { blockLine: bl, fixes: literalFix(f, 'Set ftps_state = "Disabled"', '"Disabled"') });
        }
      }
    }
  },
});
