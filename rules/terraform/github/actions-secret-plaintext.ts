import { defineRule, fail } from '../../../core/rule.js';

const TYPES = [
  'github_actions_secret',
  'github_actions_environment_secret',
  'github_actions_organization_secret',
  'github_dependabot_secret',
  'github_dependabot_organization_secret',
  'github_codespaces_secret',
  'github_codespaces_organization_secret',
  'github_codespaces_user_secret',
];

export default defineRule({
  id: 'TG-GH-015',
  name: 'github-actions-secret-plaintext',
  title: 'Actions secret value does not come from the code',
  failTitle: 'Actions secret value comes from the code',
  kind: 'terraform',
  category: 'secrets',
  controls: ['CC6.1', 'C1.1'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'A secret value in code is disclosed to everyone who can read it.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: TYPES,
  aliases: ['CKV_GIT_4', 'AVD-GIT-0002'],
  rationale:
    'A secret whose plaintext_value is written in the Terraform code (directly, as a variable default or in tfvars) is readable by everyone who can read the repository and stays in its history forever.',
  controlRationale: {
    'CC6.1': 'Credentials are provisioned from a secret store at apply time, not distributed with the code.',
    'C1.1': 'Confidential values are kept out of version control.',
  },
  remediation:
    'Pass the value at apply time (a sensitive variable without default, fed by the pipeline), read it from a secret manager data source, or use encrypted_value; then rotate the exposed secret.',
  defaults: 'Only values known from the code are reported; values from resources, data sources or unset variables pass.',
  *check(m) {
    for (const r of m.resourcesOf(...TYPES)) {
      const a = r.attr('plaintext_value');
      if (!a || typeof a.value !== 'string' || a.value === '') continue;
      const direct = a.expr.t === 'lit' || a.expr.t === 'tmpl';
      const sname = r.attr('secret_name')?.value;
      const label = typeof sname === 'string' ? `Secret "${sname}" (${r.resourceType}.${r.name})` : `${r.resourceType}.${r.name}`;
      yield fail(a.loc, `${label} has a plaintext_value ${direct ? 'written in the code' : 'that resolves from the code (a variable default, tfvars or local)'}.`, {
        blockLine: r.block.range.startLine,
        secret: a.value,
      });
    }
  },
});
