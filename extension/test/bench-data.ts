// A generated Terraform module for the latency bench: S3 buckets with versioning, variables from tfvars.
export function bigTf(lines: number): string {
  const out: string[] = [];
  // Whole blocks only (a cut block would be a syntax error), then comment lines up to the count.
  for (let i = 0; out.length + 15 <= lines; i++) {
    out.push(`resource "aws_s3_bucket" "b${i}" {`, `  bucket = "\${var.prefix}-bucket-${i}"`, `  tags = {`, `    Name = "bucket-${i}"`, `    Env  = var.env`, `  }`, `}`, ``);
    out.push(`resource "aws_s3_bucket_versioning" "b${i}" {`, `  bucket = aws_s3_bucket.b${i}.id`, `  versioning_configuration {`, `    status = "${i % 3 ? 'Enabled' : 'Suspended'}"`, `  }`, `}`, ``);
  }
  while (out.length < lines) out.push('# padding');
  return out.join('\n') + '\n';
}
