// Core Terraform capabilities the AWS rules rely on: companions named through each.value (for_each over
// the target resource), and aws_iam_policy_document source/override documents.
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

async function scanSrc(src: string, ids: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'tg-pd-'));
  writeFileSync(join(dir, 'main.tf'), src);
  return scan({ paths: [dir], cwd: dir, rules: ALL_RULES.filter((x) => ids.includes(x.id)), today: '2026-06-01' });
}

describe('aws_iam_policy_document source and override documents', () => {
  const tls = `data "aws_iam_policy_document" "tls" {
  statement {
    sid     = "DenyInsecure"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = ["*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}
resource "aws_s3_bucket" "b" {
  bucket = "b"
}
`;
  it('statements of source_policy_documents are part of the combined document', async () => {
    const r = await scanSrc(
      tls +
        `data "aws_iam_policy_document" "combined" {
  source_policy_documents = compact([data.aws_iam_policy_document.tls.json, ""])
}
resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = data.aws_iam_policy_document.combined.json
}
`,
      ['TG-AWS-006'],
    );
    expect(r.findings).toEqual([]);
    expect(r.indeterminate).toEqual([]);
  });
  it('an own statement with the same sid overrides the source statement', async () => {
    const r = await scanSrc(
      tls +
        `data "aws_iam_policy_document" "combined" {
  source_policy_documents = [data.aws_iam_policy_document.tls.json]
  statement {
    sid       = "DenyInsecure"
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
}
resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = data.aws_iam_policy_document.combined.json
}
`,
      ['TG-AWS-006'],
    );
    expect(r.findings.map((f) => f.ruleId)).toEqual(['TG-AWS-006']);
  });
  it('a source document with unknown leaves keeps its known statements', async () => {
    const r = await scanSrc(
      tls.replace('resources = ["*"]', 'resources = [aws_s3_bucket.b.arn]') +
        `data "aws_iam_policy_document" "combined" {
  source_policy_documents = [data.aws_iam_policy_document.tls.json]
}
resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = data.aws_iam_policy_document.combined.json
}
`,
      ['TG-AWS-006'],
    );
    expect(r.findings).toEqual([]);
  });
  it('an unknown source document makes the policy unknown, not empty', async () => {
    const r = await scanSrc(
      `variable "extra" {}
resource "aws_s3_bucket" "b" {
  bucket = "b"
}
data "aws_iam_policy_document" "combined" {
  source_policy_documents = [var.extra]
}
resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = data.aws_iam_policy_document.combined.json
}
`,
      ['TG-AWS-006'],
    );
    expect(r.findings).toEqual([]);
    expect(r.indeterminate.map((i) => i.ruleId)).toEqual(['TG-AWS-006']);
  });
});
