import { defineRule } from '../../../core/rule.js';
import { requireBool } from '../_lib/attributes.js';
import { AZURE_APP_TYPES } from '../_lib/azure.js';


export default defineRule({
  id: 'TG-AZR-020',
  name: 'azure-app-service-https-only',
  title: 'App Service and Function apps accept HTTPS only',
  failTitle: 'App Service or Function app accepts plain HTTP',
  kind: 'terraform',
  category: 'encryption-in-transit',
  controls: ['CC6.7', 'CC6.6'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'HTTP access sends data unencrypted in transit.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: AZURE_APP_TYPES,
  aliases: ['CKV_AZURE_14', 'CKV_AZURE_70', 'AVD-AZU-0004', '11e9a948-c6c3-4a0f-8dcf-b5cf1763cdbe', 'AVD-AZU-0072'],
  rationale:
    'An app that also answers plain HTTP lets session cookies, tokens and form data travel unencrypted; https_only makes the platform redirect every HTTP request to HTTPS.',
  controlRationale: {
    'CC6.7': 'Forcing HTTPS protects data exchanged with users and clients in transit.',
    'CC6.6': 'It removes an unencrypted, interceptable entry point to the application.',
  },
  remediation: 'Set https_only = true.',
  defaults: 'https_only defaults to false, so an omitted value is reported.',
  *check(m) {
    for (const a of m.resourcesOf(...AZURE_APP_TYPES))
      yield* requireBool(a, 'https_only', true, {
        dflt: false,
        bad: `App "${a.name}" accepts plain HTTP (https_only = false).`,
        missing: `App "${a.name}" accepts plain HTTP because https_only is not set.`,
        fix: true,
      });
  },
});
