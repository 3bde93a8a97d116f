import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { boolAt, headerOf } from '../_lib/attributes.js';
import { AZURE_APP_TYPES } from '../_lib/azure.js';

/** Web apps and their slots (function apps are mostly called by triggers and keys, not people). */
const WEB_APP_TYPES = AZURE_APP_TYPES.filter((t) => !t.includes('function'));

export default defineRule({
  id: 'TG-AZR-029',
  name: 'azure-app-service-authentication',
  title: 'App Service web apps turn on App Service authentication',
  failTitle: 'App Service web app does not turn on App Service authentication',
  kind: 'terraform',
  category: 'access-control',
  controls: ['CC6.1', 'CC6.6'],
  severity: 'low',
  persona: 'pedantic',
  personaRationale: 'Many apps authenticate their users in code or are public on purpose; the platform switch is defence in depth, not a finding by itself.',
  confidence: 'medium',
  introducedIn: '0.2.0',
  resourceTypes: WEB_APP_TYPES,
  aliases: ['CKV_AZURE_13'],
  rationale:
    'App Service authentication (Easy Auth) makes the platform reject requests without a valid Entra ID (or other provider) sign-in before they reach the code, so an endpoint the application forgot to protect is not open to the internet.',
  controlRationale: {
    'CC6.1': 'Requests to internal applications carry an authenticated identity checked by the platform.',
    'CC6.6': 'Anonymous internet traffic does not reach application code that expects signed-in users.',
  },
  remediation: 'Add auth_settings_v2 { auth_enabled = true, require_authentication = true, login { ... }, active_directory_v2 { ... } } (auth_settings { enabled = true } on legacy azurerm_app_service), or suppress the finding for a site that is public by design.',
  defaults: 'Authentication is off unless auth_settings.enabled or auth_settings_v2.auth_enabled is true.',
  *check(m) {
    for (const app of m.resourcesOf(...WEB_APP_TYPES)) {
      const blockLine = app.block.range.startLine;
      const v1 = app.block1('auth_settings');
      const v2 = app.block1('auth_settings_v2');
      // The switch of each block: true / false, or why it cannot be known.
      const sw = [
        { body: v2, attr: 'auth_enabled', on: boolAt(v2, 'auth_enabled', false) },
        { body: v1, attr: 'enabled', on: boolAt(v1, 'enabled', false) },
      ];
      if (sw.some((x) => x.on === true)) continue;
      const u = sw.find((x) => typeof x.on === 'string');
      if (u?.body) {
        yield indeterminate(u.body.maybe ? headerOf(u.body) : (u.body.attr(u.attr)?.loc ?? headerOf(u.body)), u.on as string, blockLine);
        continue;
      }
      if (app.hasError) continue;
      const block = v2 ?? v1;
      const a = v2?.attr('auth_enabled') ?? v1?.attr('enabled');
      const why = a ? `${a.name} = false` : block ? `${block.type} does not enable it` : 'no auth_settings_v2 block';
      yield fail(a?.loc ?? (block ? headerOf(block) : app.headerLoc), `App Service "${app.name}" does not turn on App Service authentication (${why}).`, { blockLine });
    }
  },
});
