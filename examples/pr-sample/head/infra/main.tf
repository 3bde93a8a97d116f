# Storage for the reporting service.
resource "aws_kms_key" "reports" {
  description         = "reports"
  enable_key_rotation = true
}

resource "aws_s3_bucket" "reports" {
  bucket = "acme-reports"
}

resource "aws_s3_bucket_versioning" "reports" {
  bucket = aws_s3_bucket.reports.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "reports" {
  bucket = aws_s3_bucket.reports.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.reports.arn
    }
  }
}

resource "aws_s3_bucket_public_access_block" "reports" {
  bucket                  = aws_s3_bucket.reports.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# New: exports shared with a partner.
# trustgate:ignore TG-AWS-001 reason="reads are logged by the org trail as S3 data events (SEC-142)" expires=2027-06-30
resource "aws_s3_bucket" "partner_exports" {
  bucket = "acme-partner-exports"
}

resource "aws_s3_bucket_acl" "partner_exports" {
  bucket = aws_s3_bucket.partner_exports.id
  acl    = "public-read"
}
