import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import type { CheckResult, Location } from '../../../core/types.js';
import type { TfResource } from '../../../core/terraform/model.js';
import { isUnknown, type Unknown } from '../../../core/terraform/values.js';
import { looseBool, metadataValue } from '../_lib/attributes.js';

const INSTANCE_TYPES = ['google_compute_instance', 'google_compute_instance_template', 'google_compute_region_instance_template'];
const OSL = 'enable-oslogin';
const TFA = 'enable-oslogin-2fa';

/** A metadata key of a resource (a `metadata` map, or a project metadata item): on/off/absent, or Unknown. */
function setting(r: TfResource, key: string): { on: boolean | Unknown; loc: Location } | undefined {
  if (r.resourceType === 'google_compute_project_metadata_item') {
    if (r.value('key') !== key) return undefined;
    const a = r.attr('value');
    if (!a) return undefined;
    return { on: looseBool(a.value) ?? false, loc: a.loc };
  }
  const mv = metadataValue(r, key);
  if (mv === undefined) return undefined;
  if (isUnknown(mv)) return { on: mv, loc: r.attr('metadata')!.loc };
  return { on: looseBool(mv.value) ?? false, loc: mv.loc };
}

export default defineRule({
  id: 'TG-GCP-023',
  name: 'gcp-compute-os-login-2fa',
  title: 'OS Login requires 2-step verification where it is enabled',
  failTitle: 'OS Login does not require 2-step verification',
  kind: 'terraform',
  category: 'identity-mfa',
  controls: ['CC6.6', 'CC6.1'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'MFA for administrative access to instances is an authentication control cited under CC6.1.',
  confidence: 'high',
  introducedIn: '0.2.0',
  resourceTypes: ['google_compute_project_metadata', 'google_compute_project_metadata_item', ...INSTANCE_TYPES],
  rationale:
    'OS Login ties SSH access to Google identities, but without enable-oslogin-2fa an SSH session needs only the key the user registered: a copied private key is enough. With 2FA, every SSH login also asks for the user\'s second factor.',
  controlRationale: {
    'CC6.6': 'Remote administrative access to instances requires a second factor.',
    'CC6.1': 'Access to instances does not rest on a single copyable credential.',
  },
  remediation: 'Set enable-oslogin-2fa = "TRUE" next to enable-oslogin = "TRUE" in project metadata (or as a google_compute_project_metadata_item), and remove instance metadata that sets it to FALSE.',
  defaults:
    'Project metadata that turns OS Login on without enable-oslogin-2fa (in the same resource or a metadata item of the module) is reported; instance metadata is reported only when it sets enable-oslogin-2fa to false while OS Login is on for it.',
  *check(m) {
    const projects = [...m.resourcesOf('google_compute_project_metadata'), ...m.resourcesOf('google_compute_project_metadata_item')];
    // Project-wide 2FA set as a metadata item elsewhere in the module (a whole-map resource must hold it itself).
    const twoFa = m.resourcesOf('google_compute_project_metadata_item').map((p) => setting(p, TFA)).filter((s) => s !== undefined);
    const projectTwoFa: boolean | Unknown = twoFa.some((s) => s.on === true) ? true : (twoFa.map((s) => s.on).find(isUnknown) ?? false);
    for (const p of projects) {
      const bl = p.block.range.startLine;
      const what = p.resourceType === 'google_compute_project_metadata_item' ? `Project metadata item "${p.name}"` : `Project metadata "${p.name}"`;
      const t = setting(p, TFA);
      if (t && t.on === false) {
        yield fail(t.loc, `${what} turns OS Login 2-step verification off.`, { blockLine: bl });
        continue;
      }
      if (t && isUnknown(t.on)) {
        yield indeterminate(t.loc, `${TFA}: ${t.on.reason}`, bl);
        continue;
      }
      const o = setting(p, OSL);
      if (!o || o.on === false || t) continue;
      if (isUnknown(o.on)) {
        yield indeterminate(o.loc, `${OSL}: ${o.on.reason}`, bl);
        continue;
      }
      if (projectTwoFa === true) continue;
      if (isUnknown(projectTwoFa)) yield indeterminate(o.loc, `${TFA}: ${projectTwoFa.reason}`, bl);
      else yield fail(o.loc, `${what} turns OS Login on without ${TFA}, so SSH needs only the user's key.`, { blockLine: bl });
    }
    for (const r of m.resourcesOf(...INSTANCE_TYPES)) {
      const t = setting(r, TFA);
      if (!t || t.on === true) continue;
      const bl = r.block.range.startLine;
      if (isUnknown(t.on)) {
        yield indeterminate(t.loc, `${TFA}: ${t.on.reason}`, bl);
        continue;
      }
      yield fail(t.loc, `Instance "${r.name}" turns OS Login 2-step verification off in its metadata.`, { blockLine: bl });
    }
  },
});
