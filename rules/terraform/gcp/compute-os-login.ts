import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { isUnknown } from '../../../core/terraform/values.js';
import { looseBool, metadataValue } from '../_lib/attributes.js';

const INSTANCE_TYPES = ['google_compute_instance', 'google_compute_instance_template', 'google_compute_region_instance_template'];

export default defineRule({
  id: 'TG-GCP-007',
  name: 'gcp-compute-os-login',
  title: 'OS Login is enabled and not overridden',
  failTitle: 'OS Login is disabled or overridden',
  kind: 'terraform',
  category: 'identity-mfa',
  controls: ['CC6.6', 'CC6.1', 'CC7.2'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'OS Login ties instance access to managed identities.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['google_compute_project_metadata', 'google_compute_project_metadata_item', ...INSTANCE_TYPES],
  aliases: ['CKV_GCP_33', 'CKV_GCP_34', 'AVD-GCP-0042', 'AVD-GCP-0036', '32ecd6eb-0711-421f-9627-1a28d9eff217', 'd0b4d550-c001-46c3-bbdb-d5d75d33f05f'],
  rationale:
    'Without OS Login, SSH access is granted by SSH keys pasted into metadata: they are not tied to IAM identities, are not revoked when people leave, and logins are not attributable. OS Login ties SSH to Google identities, IAM roles and (optionally) 2-step verification.',
  controlRationale: {
    'CC6.6': 'OS Login authenticates every SSH session against a managed identity, optionally with a second factor.',
    'CC6.1': 'Access to instances follows IAM roles that can be granted and revoked centrally.',
    'CC7.2': 'Logins are recorded against named identities, so unusual access can be detected.',
  },
  remediation:
    'Set enable-oslogin = "TRUE" in google_compute_project_metadata (or a google_compute_project_metadata_item), add enable-oslogin-2fa = "TRUE" where possible, and remove instance metadata that sets enable-oslogin to FALSE.',
  defaults:
    'Project metadata managed as a whole (google_compute_project_metadata) without enable-oslogin leaves OS Login off and is reported; instance metadata is reported only when it explicitly sets enable-oslogin to false.',
  *check(m) {
    for (const p of m.resourcesOf('google_compute_project_metadata')) {
      const bl = p.block.range.startLine;
      const mv = metadataValue(p, 'enable-oslogin');
      if (isUnknown(mv)) {
        yield indeterminate(p.attr('metadata')!.loc, `metadata: ${mv.reason}`, bl);
        continue;
      }
      if (mv === undefined) {
        if (p.hasError || !p.attr('metadata')) continue;
        yield fail(p.attr('metadata')!.loc, `Project metadata "${p.name}" does not set enable-oslogin, so SSH access relies on metadata keys.`, { blockLine: bl });
        continue;
      }
      const b = looseBool(mv.value);
      if (isUnknown(b)) yield indeterminate(mv.loc, `enable-oslogin: ${b.reason}`, bl);
      else if (b === false) yield fail(mv.loc, `Project metadata "${p.name}" turns OS Login off.`, { blockLine: bl });
    }
    for (const p of m.resourcesOf('google_compute_project_metadata_item')) {
      if (p.value('key') !== 'enable-oslogin') continue;
      const a = p.attr('value');
      if (!a) continue;
      const b = looseBool(a.value);
      if (isUnknown(b)) yield indeterminate(a.loc, `enable-oslogin: ${b.reason}`, p.block.range.startLine);
      else if (b === false) yield fail(a.loc, `Project metadata item "${p.name}" turns OS Login off.`, { blockLine: p.block.range.startLine });
    }
    for (const r of m.resourcesOf(...INSTANCE_TYPES)) {
      const mv = metadataValue(r, 'enable-oslogin');
      if (mv === undefined || isUnknown(mv)) continue;
      const b = looseBool(mv.value);
      if (isUnknown(b)) yield indeterminate(mv.loc, `enable-oslogin: ${b.reason}`, r.block.range.startLine);
      else if (b === false) yield fail(mv.loc, `Instance "${r.name}" overrides OS Login to off in its metadata.`, { blockLine: r.block.range.startLine });
    }
  },
});
