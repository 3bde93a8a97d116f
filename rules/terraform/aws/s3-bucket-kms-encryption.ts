import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import type { TfBody } from '../../../core/terraform/model.js';
import { isUnknown } from '../../../core/terraform/values.js';

const ALG = 'rule.apply_server_side_encryption_by_default.sse_algorithm';

export default defineRule({
  id: 'TG-AWS-002',
  name: 'aws-s3-bucket-kms-encryption',
  title: 'S3 bucket default encryption uses a KMS key',
  failTitle: 'S3 bucket default encryption does not use a KMS key',
  kind: 'terraform',
  category: 'encryption-at-rest',
  controls: ['CC6.1', 'PI1.4', 'C1.1'],
  severity: 'low',
  persona: 'pedantic',
  personaRationale: 'SSE-S3 already encrypts at rest; a customer-managed KMS key is a stronger but optional control.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['aws_s3_bucket', 'aws_s3_bucket_server_side_encryption_configuration'],
  aliases: ['CKV_AWS_145', 'CKV_AWS_19', 'AVD-AWS-0132', 'AVD-AWS-0088', '6726dcc0-5ff5-459d-b473-a780bef7665c', 'ad03cb46-f174-4674-bf8e-2880a7000edd'],
  options: {
    allowSseS3: { type: 'boolean', default: false, description: 'Accept SSE-S3 (AES256) as well as SSE-KMS.' },
  },
  rationale:
    'Every new S3 object is encrypted with S3-managed keys, but those keys cannot be access-controlled or audited separately from the bucket. Default encryption with a KMS key adds a second permission (kms:Decrypt) in front of the data and records every key use in CloudTrail.',
  controlRationale: {
    'CC6.1': 'A KMS key puts an independent, auditable access check in front of the stored objects.',
    'PI1.4': 'Objects written as processing output are protected by a key whose use is controlled and logged.',
    'C1.1': 'Confidential objects stay protected even if a bucket policy is loosened, because reading them also needs the key.',
  },
  remediation:
    'Add an aws_s3_bucket_server_side_encryption_configuration for the bucket with sse_algorithm = "aws:kms" (or "aws:kms:dsse") and a kms_master_key_id; set bucket_key_enabled = true to keep KMS costs down.',
  defaults:
    'Without a configuration AWS applies SSE-S3 (AES256) to every new object (since January 2023); the rule asks for SSE-KMS. Set the option allowSseS3: true to accept AES256.',
  *check(m, ctx) {
    const allowS3 = ctx.options.allowSseS3;
    const ok = (v: unknown) => v === 'aws:kms' || v === 'aws:kms:dsse' || (allowS3 && v === 'AES256');
    function* judge(body: TfBody, bucketName: string, blockLine: number) {
      const a = body.get(ALG);
      if (!a) {
        if (body.hasError) return;
        yield fail(body.headerLoc, `S3 bucket "${bucketName}" has an encryption configuration without an sse_algorithm.`, { blockLine });
        return;
      }
      if (isUnknown(a.value)) {
        yield indeterminate(a.loc, `sse_algorithm: ${a.value.reason}`, blockLine);
        return;
      }
      if (!ok(a.value))
        yield fail(a.loc, `S3 bucket "${bucketName}" encrypts with ${JSON.stringify(a.value)} instead of a KMS key (aws:kms).`, { blockLine });
    }
    for (const b of m.resourcesOf('aws_s3_bucket')) {
      const inline = b.block1('server_side_encryption_configuration');
      const comps = m.companions(b, 'aws_s3_bucket_server_side_encryption_configuration', 'bucket');
      if (comps.length) {
        for (const c of comps) yield* judge(c, b.name, c.block.range.startLine);
        continue;
      }
      if (inline) {
        yield* judge(inline, b.name, b.block.range.startLine);
        continue;
      }
      if (m.hasUnlinkedCompanion('aws_s3_bucket_server_side_encryption_configuration', 'bucket')) {
        yield indeterminate(b.headerLoc, 'an aws_s3_bucket_server_side_encryption_configuration names a bucket that cannot be resolved statically');
        continue;
      }
      if (b.hasError || allowS3) continue;
      yield fail(b.headerLoc, `S3 bucket "${b.name}" has no KMS default encryption: objects get only the SSE-S3 (AES256) default.`);
    }
  },
});
