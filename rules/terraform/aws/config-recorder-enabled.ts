import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { requireBool } from '../_lib/attributes.js';

export default defineRule({
  id: 'TG-AWS-048',
  name: 'aws-config-recorder-enabled',
  title: 'AWS Config records all resource types and is running',
  failTitle: 'AWS Config does not record all resource types or is not running',
  kind: 'terraform',
  category: 'change-management',
  controls: ['CC8.1', 'CC3.4', 'CC7.1'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Configuration recording is the change-tracking evidence for CC8.1.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['aws_config_configuration_recorder', 'aws_config_configuration_recorder_status'],
  aliases: ['CKV2_AWS_45', 'CKV2_AWS_48'],
  rationale: 'AWS Config keeps the history of every resource configuration, which is the evidence that changes were made as approved and the basis for detecting drift from the baseline.',
  controlRationale: {
    'CC8.1': 'Configuration changes are tracked so they can be matched to approved changes.',
    'CC3.4': 'Significant changes to the environment are identified.',
    'CC7.1': 'Configuration drift that introduces weaknesses is detected.',
  },
  remediation: 'Keep recording_group.all_supported = true and add an aws_config_configuration_recorder_status with is_enabled = true for the recorder.',
  defaults: 'recording_group.all_supported defaults to true. A recorder records nothing until an aws_config_configuration_recorder_status with is_enabled = true starts it.',
  *check(m) {
    for (const r of m.resourcesOf('aws_config_configuration_recorder')) {
      const rg = r.block1('recording_group');
      if (rg) yield* requireBool(rg, 'all_supported', true, { dflt: true, bad: `Config recorder "${r.name}" records only selected resource types.`, missing: '', blockLine: r.block.range.startLine, fix: true });
      const st = m.companions(r, 'aws_config_configuration_recorder_status', 'name', ['name']);
      if (!st.length) {
        if (m.hasUnlinkedCompanion('aws_config_configuration_recorder_status', 'name')) yield indeterminate(r.headerLoc, 'an aws_config_configuration_recorder_status names a recorder that cannot be resolved statically');
        else if (!r.hasError) yield fail(r.headerLoc, `Config recorder "${r.name}" is never started: no aws_config_configuration_recorder_status refers to it.`);
        continue;
      }
      for (const s of st)
        yield* requireBool(s, 'is_enabled', true, { bad: `Config recorder "${r.name}" is stopped (is_enabled = false).`, missing: `Config recorder status "${s.name}" does not set is_enabled = true.`, fix: true });
    }
  },
});
