// Companion resources that name their target through each.value (for_each over the target resource).
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { scan } from '../core/engine.js';
import { ALL_RULES } from '../rules/index.js';

describe('references through for_each', () => {
  it('a companion with for_each = aws_s3_bucket.x and bucket = each.value.id links to the bucket', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-refs-'));
    writeFileSync(
      join(dir, 'main.tf'),
      `resource "aws_s3_bucket" "many" {
  for_each = toset(["a", "b"])
  bucket   = "many-\${each.key}"
}
resource "aws_s3_bucket_versioning" "many" {
  for_each = aws_s3_bucket.many
  bucket   = each.value.id
  versioning_configuration {
    status = "Enabled"
  }
}
`,
    );
    const r = await scan({ paths: [dir], cwd: dir, rules: ALL_RULES.filter((x) => x.id === 'TG-AWS-007'), today: '2026-06-01' });
    expect(r.findings).toEqual([]);
    expect(r.indeterminate).toEqual([]);
  });
});
