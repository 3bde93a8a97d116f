import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import type { TfBody } from '../../../core/terraform/model.js';
import { isUnknown } from '../../../core/terraform/values.js';
import { literalFix } from '../_lib/fixes.js';

export default defineRule({
  id: 'TG-AWS-053',
  name: 'aws-ec2-imdsv2-required',
  title: 'EC2 instances require IMDSv2 session tokens',
  failTitle: 'EC2 instance does not require IMDSv2 session tokens',
  kind: 'terraform',
  category: 'workload-hardening',
  controls: ['CC6.1', 'CC7.2'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'IMDSv1 lets server-side request forgery steal instance credentials.',
  confidence: 'medium',
  introducedIn: '0.1.0',
  resourceTypes: ['aws_instance', 'aws_launch_template', 'aws_ec2_instance_metadata_defaults'],
  aliases: ['CKV_AWS_79', 'AVD-AWS-0028'],
  rationale: 'With IMDSv1 any server-side request forgery in an application can read the instance role\'s credentials from 169.254.169.254. IMDSv2 requires a session token obtained with a PUT request, which SSRF cannot usually send.',
  controlRationale: {
    'CC6.1': 'Instance role credentials are protected from theft through the metadata service.',
    'CC7.2': 'Metadata requests without a token are refused (and counted in the MetadataNoToken metric).',
  },
  remediation: 'Add metadata_options { http_tokens = "required" } (keep http_put_response_hop_limit at 1, or 2 for containers).',
  defaults: 'http_tokens defaults to "optional" unless the AMI is registered with ImdsSupport v2.0; an aws_ec2_instance_metadata_defaults with http_tokens = "required" in the configuration makes omitted settings pass. Instances with http_endpoint = "disabled" pass.',
  *check(m) {
    const accountDefault = m.resourcesOf('aws_ec2_instance_metadata_defaults').some((d) => d.value('http_tokens') === 'required');
    function* judge(owner: TfBody, what: string, blockLine: number) {
      const mo = owner.block1('metadata_options');
      if (mo && mo.value('http_endpoint') === 'disabled') return;
      const t = mo?.attr('http_tokens');
      if (!t) {
        if (accountDefault || owner.hasError || mo?.hasError) return;
        if (mo?.maybe) {
          yield indeterminate(mo.headerLoc, 'dynamic metadata_options may not exist (for_each unknown)', blockLine);
          return;
        }
        yield fail(mo?.headerLoc ?? owner.headerLoc, `${what} does not require IMDSv2 (http_tokens is not "required").`, { blockLine });
        return;
      }
      if (isUnknown(t.value)) yield indeterminate(t.loc, `http_tokens: ${t.value.reason}`, blockLine);
      else if (t.value !== 'required')
        yield fail(t.loc, `${what} allows IMDSv1 (http_tokens = ${JSON.stringify(t.value)}).`, { blockLine, fixes: literalFix(t, 'Set http_tokens = "required"', '"required"') });
    }
    for (const i of m.resourcesOf('aws_instance')) yield* judge(i, `Instance "${i.name}"`, i.block.range.startLine);
    for (const lt of m.resourcesOf('aws_launch_template')) yield* judge(lt, `Launch template "${lt.name}"`, lt.block.range.startLine);
  },
});
