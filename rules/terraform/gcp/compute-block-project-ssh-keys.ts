import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { isUnknown } from '../../../core/terraform/values.js';
import { looseBool, metadataValue } from '../_lib/attributes.js';

const TYPES = ['google_compute_instance', 'google_compute_instance_template', 'google_compute_region_instance_template'];

export default defineRule({
  id: 'TG-GCP-008',
  name: 'gcp-compute-block-project-ssh-keys',
  title: 'Compute instance blocks project-wide SSH keys',
  failTitle: 'Compute instance accepts project-wide SSH keys',
  kind: 'terraform',
  category: 'access-control',
  controls: ['CC6.6', 'CC6.1'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Project-wide SSH keys grant access to every instance at once.',
  confidence: 'medium',
  introducedIn: '0.1.0',
  resourceTypes: [...TYPES, 'google_compute_project_metadata', 'google_compute_project_metadata_item'],
  aliases: ['CKV_GCP_32', 'AVD-GCP-0030', '3e4d5ce6-3280-4027-8010-c26eeea1ec01'],
  rationale:
    'A project-wide SSH key in metadata opens every instance in the project that does not block it, so one leaked key reaches all of them. Blocking project keys (or using OS Login, which ignores metadata keys) limits SSH to keys meant for the instance.',
  controlRationale: {
    'CC6.6': 'Blocking shared keys narrows which credentials can open a session on the instance.',
    'CC6.1': 'It keeps SSH access scoped per instance rather than granted project-wide.',
  },
  remediation: 'Add metadata = { block-project-ssh-keys = "TRUE" } to the instance or template, or enable OS Login (TG-GCP-007).',
  defaults:
    'Project keys are accepted unless block-project-ssh-keys is true. OS Login enabled on the instance, or in project metadata in the same configuration, makes metadata keys irrelevant and passes.',
  *check(m) {
    const projectOsLogin =
      m.resourcesOf('google_compute_project_metadata').some((p) => {
        const mv = metadataValue(p, 'enable-oslogin');
        return !!mv && !isUnknown(mv) && looseBool(mv.value) === true;
      }) || m.resourcesOf('google_compute_project_metadata_item').some((p) => p.value('key') === 'enable-oslogin' && looseBool(p.value('value') ?? null) === true);
    for (const r of m.resourcesOf(...TYPES)) {
      const bl = r.block.range.startLine;
      const md = r.attr('metadata');
      if (md && isUnknown(md.value)) {
        yield indeterminate(md.loc, `metadata: ${md.value.reason}`, bl);
        continue;
      }
      const osl = metadataValue(r, 'enable-oslogin');
      const oslOn = osl && !isUnknown(osl) ? looseBool(osl.value) : undefined;
      if (oslOn === true) continue;
      const blk = metadataValue(r, 'block-project-ssh-keys');
      if (blk && !isUnknown(blk)) {
        const b = looseBool(blk.value);
        if (isUnknown(b)) {
          yield indeterminate(blk.loc, `block-project-ssh-keys: ${b.reason}`, bl);
          continue;
        }
        if (b === true) continue;
      }
      if (projectOsLogin && oslOn !== false) continue;
      if (r.hasError) continue;
      yield fail(md?.loc ?? r.headerLoc, `Instance "${r.name}" accepts project-wide SSH keys: block-project-ssh-keys is not true and OS Login is not enabled.`, { blockLine: bl });
    }
  },
});
