// A generated Terraform module for the latency bench: S3 buckets with versioning, variables from tfvars.
export function bigTf(lines: number): string {
  const out: string[] = [];
  for (let i = 0; out.length < lines; i++) {
    out.push(`resource "aws_s3_bucket" "b${i}" {`, `  bucket = "\${var.prefix}-bucket-${i}"`, `  tags = {`, `    Name = "bucket-${i}"`, `    Env  = var.env`, `  }`, `}`, ``);
    out.push(`resource "aws_s3_bucket_versioning" "b${i}" {`, `  bucket = aws_s3_bucket.b${i}.id`, `  versioning_configuration {`, `    status = "${i % 3 ? 'Enabled' : 'Suspended'}"`, `  }`, `}`, ``);
  }
  return out.slice(0, lines).join('\n') + '\n';
}
