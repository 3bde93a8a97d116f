import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import type { TfResource } from '../../../core/terraform/model.js';
import { isUnknown, type Value } from '../../../core/terraform/values.js';
import type { Location } from '../../../core/types.js';
import { looseBool, metadataValue } from '../_lib/attributes.js';

const TYPES = ['google_compute_instance', 'google_compute_instance_template', 'google_compute_region_instance_template', 'google_compute_project_metadata'];

export default defineRule({
  id: 'TG-GCP-006',
  name: 'gcp-compute-serial-port-disabled',
  title: 'Interactive serial console access is disabled',
  failTitle: 'Interactive serial console access is enabled',
  kind: 'terraform',
  category: 'access-control',
  controls: ['CC6.6', 'CC6.1'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Serial console access bypasses network controls.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: [...TYPES, 'google_compute_project_metadata_item'],
  aliases: ['CKV_GCP_35', 'AVD-GCP-0032', '97fa667a-d05b-4f16-9071-58b939f34751'],
  rationale:
    'The interactive serial console accepts connections from any IP address and is not filtered by VPC firewall rules, so enabling it adds a login path around the network boundary.',
  controlRationale: {
    'CC6.6': 'Disabling the serial console removes an access path that bypasses firewall rules.',
    'CC6.1': 'It keeps interactive access to instances on the controlled, audited paths.',
  },
  remediation: 'Remove serial-port-enable from metadata or set it to "FALSE"; use OS Login over IAP for troubleshooting, and enable the console only temporarily.',
  defaults: 'serial-port-enable defaults to false; only a metadata value of true (instance, template or project) is reported.',
  *check(m) {
    const report = function* (r: TfResource, v: Value, loc: Location) {
      const b = looseBool(v);
      if (isUnknown(b)) yield indeterminate(loc, `serial-port-enable: ${b.reason}`, r.block.range.startLine);
      else if (b === true) yield fail(loc, `${r.resourceType} "${r.name}" enables the interactive serial console (serial-port-enable = true).`, { blockLine: r.block.range.startLine });
    };
    for (const r of m.resourcesOf(...TYPES)) {
      const mv = metadataValue(r, 'serial-port-enable');
      if (mv === undefined) continue;
      if (isUnknown(mv)) continue; // metadata map unknown: nothing says the console is on
      yield* report(r, mv.value, mv.loc);
    }
    for (const r of m.resourcesOf('google_compute_project_metadata_item')) {
      if (r.value('key') !== 'serial-port-enable') continue;
      const a = r.attr('value');
      if (a) yield* report(r, a.value, a.loc);
    }
  },
});
