import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import type { TfBody } from '../../../core/terraform/model.js';
import { asNumber, isUnknown } from '../../../core/terraform/values.js';

export default defineRule({
  id: 'TG-AWS-017',
  name: 'aws-secretsmanager-rotation',
  title: 'Secrets Manager secrets rotate automatically',
  failTitle: 'Secrets Manager secret does not rotate automatically',
  kind: 'terraform',
  category: 'secrets',
  controls: ['CC6.1', 'C1.1'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Unrotated secrets stay valid indefinitely once leaked.',
  confidence: 'medium',
  introducedIn: '0.1.0',
  resourceTypes: ['aws_secretsmanager_secret', 'aws_secretsmanager_secret_rotation'],
  aliases: ['CKV2_AWS_57', 'CKV_AWS_304'],
  options: {
    maxDays: { type: 'integer', minimum: 1, maximum: 1000, default: 90, description: 'Most days allowed between two rotations (Secrets Manager allows up to 1000).' },
  },
  rationale: 'A credential that never changes stays valid after it leaks or after the people who knew it leave. Scheduled rotation bounds how long a leaked secret is useful.',
  controlRationale: {
    'CC6.1': 'Managing infrastructure credentials includes replacing them on a schedule.',
    'C1.1': 'Secrets that guard confidential data are kept short-lived.',
  },
  remediation: 'Add an aws_secretsmanager_secret_rotation for the secret with a rotation Lambda and rotation_rules { automatically_after_days = 30 } (or a schedule_expression).',
  defaults: 'Secrets are not rotated unless an aws_secretsmanager_secret_rotation (or a legacy rotation_rules block on the secret) exists. The maximum interval is the maxDays option (90).',
  *check(m, ctx) {
    const maxDays = ctx.options.maxDays;
    function* interval(rr: TfBody, blockLine: number, name: string) {
      const a = rr.get('automatically_after_days');
      if (!a) return; // schedule_expression: accepted
      const d = asNumber(a.value);
      if (isUnknown(d)) yield indeterminate(a.loc, `automatically_after_days: ${d.reason}`, blockLine);
      else if (d !== undefined && d > maxDays) yield fail(a.loc, `Secret "${name}" rotates only every ${d} days (more than ${maxDays}).`, { blockLine });
    }
    for (const s of m.resourcesOf('aws_secretsmanager_secret')) {
      const comps = m.companions(s, 'aws_secretsmanager_secret_rotation', 'secret_id', ['name', 'arn', 'id']);
      const legacy = s.block1('rotation_rules');
      if (comps.length) {
        for (const c of comps) for (const rr of c.blocks('rotation_rules')) yield* interval(rr, c.block.range.startLine, s.name);
        continue;
      }
      if (legacy) {
        yield* interval(legacy, s.block.range.startLine, s.name);
        continue;
      }
      if (m.hasUnlinkedCompanion('aws_secretsmanager_secret_rotation', 'secret_id')) {
        yield indeterminate(s.headerLoc, 'an aws_secretsmanager_secret_rotation names a secret that cannot be resolved statically');
        continue;
      }
      if (!s.hasError) yield fail(s.headerLoc, `Secret "${s.name}" has no automatic rotation: no aws_secretsmanager_secret_rotation refers to it.`);
    }
  },
});
