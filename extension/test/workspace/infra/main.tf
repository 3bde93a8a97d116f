resource "aws_s3_bucket" "data" {
  bucket = var.bucket_name
}

# The logging resource names its bucket through a variable set in terraform.tfvars: only when the
# tfvars resolve is it clear that it logs a different bucket, so "data" has no access logging.
resource "aws_s3_bucket_logging" "other" {
  bucket        = var.logged_bucket
  target_bucket = "log-sink"
}

resource "aws_s3_bucket" "audited" {
  bucket = "audited-bucket"
}

resource "aws_s3_bucket_logging" "audited" {
  bucket        = aws_s3_bucket.audited.id
  target_bucket = "log-sink"
}
