import { defineRule } from '../../../core/rule.js';
import { requireBool } from '../_lib/attributes.js';

export default defineRule({
  id: 'TG-AWS-010',
  name: 'aws-efs-encryption',
  title: 'EFS file systems are encrypted at rest',
  failTitle: 'EFS file system is not encrypted at rest',
  kind: 'terraform',
  category: 'encryption-at-rest',
  controls: ['CC6.1', 'PI1.4', 'PI1.5'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Unencrypted file systems are data at rest without encryption.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['aws_efs_file_system'],
  aliases: ['CKV_AWS_42', 'AVD-AWS-0037', '48207659-729f-4b5c-9402-f884257d794f'],
  rationale: 'EFS encryption at rest can only be chosen when the file system is created; without it, shared files and backups are stored unencrypted.',
  controlRationale: {
    'CC6.1': 'Files are encrypted with a key whose use is access-controlled and logged.',
    'PI1.4': 'Outputs written to the shared file system are protected at rest.',
    'PI1.5': 'Stored files are protected from disclosure outside the service.',
  },
  remediation: 'Set encrypted = true (optionally kms_key_id) and migrate data from an unencrypted file system.',
  defaults: 'encrypted defaults to false in the provider (the console defaults to true, Terraform does not).',
  *check(m) {
    for (const r of m.resourcesOf('aws_efs_file_system'))
      yield* requireBool(r, 'encrypted', true, {
        bad: `EFS file system "${r.name}" is not encrypted at rest.`,
        missing: `EFS file system "${r.name}" does not set encrypted = true.`,
        fix: true,
      });
  },
});
