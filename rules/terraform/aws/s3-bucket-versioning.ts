import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asBool, isUnknown } from '../../../core/terraform/values.js';
import { companionFix, literalFix } from '../_lib/fixes.js';

export default defineRule({
  id: 'TG-AWS-007',
  name: 'aws-s3-bucket-versioning',
  title: 'S3 bucket has versioning enabled',
  failTitle: 'S3 bucket versioning is not enabled',
  kind: 'terraform',
  category: 'backup-recovery',
  controls: ['A1.2', 'CC7.4', 'C1.2', 'PI1.5'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Versioning is the recovery control for overwritten or deleted objects.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['aws_s3_bucket', 'aws_s3_bucket_versioning'],
  aliases: ['CKV_AWS_21', 'AVD-AWS-0090', '568a4d22-3517-44a6-a7ad-6a7eed88722c'],
  rationale:
    'Versioning keeps every prior version of an object, so an overwrite, a deletion or ransomware encryption of the bucket can be rolled back.',
  controlRationale: {
    'A1.2': 'Prior object versions are a built-in backup from which data can be recovered.',
    'CC7.4': 'Incident response can restore objects to their state before the incident.',
    'C1.2': 'Deletions are recorded as delete markers, so disposal is deliberate and traceable when combined with lifecycle rules.',
    'PI1.5': 'Stored objects are protected against silent overwrite.',
  },
  remediation: 'Add an aws_s3_bucket_versioning resource for the bucket with versioning_configuration { status = "Enabled" } (or versioning { enabled = true } on older providers).',
  defaults: 'Versioning is off unless a versioning block or an aws_s3_bucket_versioning resource enables it.',
  *check(m) {
    for (const b of m.resourcesOf('aws_s3_bucket')) {
      const comps = m.companions(b, 'aws_s3_bucket_versioning', 'bucket');
      if (comps.length) {
        for (const c of comps) {
          const s = c.get('versioning_configuration.status');
          if (!s) continue;
          if (isUnknown(s.value)) yield indeterminate(s.loc, `versioning status: ${s.value.reason}`, c.block.range.startLine);
          else if (s.value !== 'Enabled')
            yield fail(s.loc, `S3 bucket "${b.name}" has versioning status ${JSON.stringify(s.value)} instead of "Enabled".`, {
              blockLine: c.block.range.startLine,
              fixes: literalFix(s, 'Set status = "Enabled"', '"Enabled"'),
              related: [{ message: `bucket "${b.name}"`, location: b.headerLoc }],
            });
        }
        continue;
      }
      const inline = b.block1('versioning');
      if (inline) {
        const e = inline.get('enabled');
        if (!e) {
          if (!inline.hasError && !inline.maybe) yield fail(inline.headerLoc, `S3 bucket "${b.name}" has a versioning block without enabled = true.`, { blockLine: b.block.range.startLine });
          continue;
        }
        const v = asBool(e.value);
        if (isUnknown(v)) yield indeterminate(e.loc, `versioning.enabled: ${v.reason}`, b.block.range.startLine);
        else if (v !== true) yield fail(e.loc, `S3 bucket "${b.name}" has versioning disabled.`, { blockLine: b.block.range.startLine, fixes: literalFix(e, 'Set enabled = true', 'true') });
        continue;
      }
      if (m.hasUnlinkedCompanion('aws_s3_bucket_versioning', 'bucket')) {
        yield indeterminate(b.headerLoc, 'an aws_s3_bucket_versioning resource names a bucket that cannot be resolved statically');
        continue;
      }
      if (!b.hasError)
        yield fail(b.headerLoc, `S3 bucket "${b.name}" has no versioning: no versioning block and no aws_s3_bucket_versioning resource refers to it.`, {
          fixes: companionFix(b, 'aws_s3_bucket_versioning', (ref) => [`bucket = ${ref}.id`, '', 'versioning_configuration {', '  status = "Enabled"', '}']),
        });
    }
  },
});
