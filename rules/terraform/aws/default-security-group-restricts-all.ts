import { defineRule, fail, indeterminate } from '../../../core/rule.js';

export default defineRule({
  id: 'TG-AWS-028',
  name: 'aws-default-security-group-restricts-all',
  title: 'The default security group allows no traffic',
  failTitle: 'Default security group allows traffic',
  kind: 'terraform',
  category: 'network-exposure',
  controls: ['CC6.6', 'CC6.1'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'The default security group is attached implicitly; open rules there expose resources silently.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['aws_default_security_group'],
  aliases: ['CKV2_AWS_12', 'AVD-AWS-0173', '46883ce1-dc3e-4b17-9195-c6a601624c73'],
  rationale: 'Resources launched without an explicit security group land in the VPC default group. When that group has rules, anything created by mistake gets network access nobody designed.',
  controlRationale: {
    'CC6.6': 'Network access is granted only through security groups designed for it.',
    'CC6.1': 'Resources do not inherit access by default.',
  },
  remediation: 'Declare aws_default_security_group with no ingress and no egress blocks (Terraform then removes all its rules) and attach purpose-built security groups.',
  defaults: 'Declaring aws_default_security_group without rules removes all rules from it, which passes.',
  *check(m) {
    for (const sg of m.resourcesOf('aws_default_security_group')) {
      const rules = [...sg.blocks('ingress'), ...sg.blocks('egress')];
      const first = rules[0];
      if (!first) continue;
      if (rules.every((r) => r.maybe)) yield indeterminate(first.headerLoc, 'dynamic rule blocks may be empty (for_each unknown)', sg.block.range.startLine);
      else yield fail(first.headerLoc, `Default security group "${sg.name}" has ${rules.length} rule${rules.length > 1 ? 's' : ''}; it should allow no traffic.`, { blockLine: sg.block.range.startLine });
    }
  },
});
