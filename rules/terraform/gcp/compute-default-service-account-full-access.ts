import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asList, asString, isUnknown } from '../../../core/terraform/values.js';

const TYPES = ['google_compute_instance', 'google_compute_instance_template', 'google_compute_region_instance_template'];
const isDefaultSa = (e: string) => /-compute@developer\.gserviceaccount\.com$/.test(e) || e === 'default';
const FULL = new Set(['cloud-platform', 'https://www.googleapis.com/auth/cloud-platform']);

export default defineRule({
  id: 'TG-GCP-009',
  name: 'gcp-compute-default-service-account-full-access',
  title: 'Compute instance does not use the default service account with full API access',
  failTitle: 'Compute instance uses the default service account with full API access',
  kind: 'terraform',
  category: 'access-control',
  controls: ['CC6.3', 'CC6.1'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'The default service account with full scopes is excessive access.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: TYPES,
  aliases: ['CKV_GCP_30', 'CKV_GCP_31', 'AVD-GCP-0044', '3cb4af0b-056d-4fb1-8b95-fdc4593625ff', 'bc280331-27b9-4acb-a010-018e8098aa5d'],
  rationale:
    'The Compute Engine default service account is granted Editor on the project in many organisations; with the cloud-platform scope, anyone who gets code running on the VM can use its token to change almost anything in the project.',
  controlRationale: {
    'CC6.3': 'A dedicated, narrowly-scoped service account gives the workload only the access it needs.',
    'CC6.1': 'It prevents a compromised instance from turning into project-wide access.',
  },
  remediation: 'Create a dedicated service account with only the roles the workload needs and set service_account { email = ... scopes = ["cloud-platform"] } to it.',
  defaults:
    'A service_account block without email uses the Compute Engine default service account. Only the default account combined with the cloud-platform scope is reported.',
  *check(m) {
    for (const r of m.resourcesOf(...TYPES)) {
      const bl = r.block.range.startLine;
      for (const sa of r.blocks('service_account')) {
        const ea = sa.attr('email');
        const email = ea ? asString(ea.value) : 'default';
        const sc = sa.attr('scopes');
        const scopes = sc ? asList(sc.value) : [];
        if (isUnknown(scopes)) {
          if (typeof email === 'string' && isDefaultSa(email)) yield indeterminate(sc!.loc, `scopes: ${scopes.reason}`, bl);
          continue;
        }
        const full = (scopes ?? []).some((s) => typeof s === 'string' && FULL.has(s));
        if (!full) continue;
        if (isUnknown(email)) {
          // A reference to a dedicated google_service_account is never the default account.
          if (ea && sa.references('email').size === 0) yield indeterminate(ea.loc, `email: ${email.reason}`, bl);
          continue;
        }
        if (email === undefined || !isDefaultSa(email)) continue;
        if (sa.maybe) {
          yield indeterminate(sa.headerLoc, 'dynamic service_account block may not exist (for_each unknown)', bl);
          continue;
        }
        yield fail(ea?.loc ?? sa.headerLoc, `Instance "${r.name}" runs as the default compute service account with the cloud-platform scope (full API access).`, { blockLine: bl });
      }
    }
  },
});
