# The same stack written to pass: companions for the bucket, encryption, backups, least privilege.
variable "environment" {
  type    = string
  default = "prod"
}

variable "db_password" {
  type      = string
  sensitive = true
}

variable "admin_cidr" {
  type    = string
  default = "10.20.0.0/16"
}

locals {
  name = "payments-${var.environment}"
}

resource "aws_kms_key" "data" {
  description         = "${local.name} data"
  enable_key_rotation = true
}

resource "aws_s3_bucket" "logs" {
  bucket = "${local.name}-access-logs"
}

resource "aws_s3_bucket" "customer_exports" {
  bucket = "${local.name}-customer-exports"
}

resource "aws_s3_bucket_logging" "customer_exports" {
  bucket        = aws_s3_bucket.customer_exports.id
  target_bucket = aws_s3_bucket.logs.id
  target_prefix = "customer-exports/"
}

resource "aws_s3_bucket_logging" "logs" {
  bucket        = aws_s3_bucket.logs.id
  target_bucket = aws_s3_bucket.logs.id
  target_prefix = "self/"
}

resource "aws_s3_bucket_versioning" "customer_exports" {
  bucket = aws_s3_bucket.customer_exports.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_versioning" "logs" {
  bucket = aws_s3_bucket.logs.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "customer_exports" {
  bucket = aws_s3_bucket.customer_exports.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_public_access_block" "customer_exports" {
  bucket                  = aws_s3_bucket.customer_exports.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_public_access_block" "logs" {
  bucket                  = aws_s3_bucket.logs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_db_instance" "payments" {
  identifier                      = local.name
  engine                          = "postgres"
  instance_class                  = "db.t3.medium"
  allocated_storage               = 50
  username                        = "payments"
  password                        = var.db_password
  storage_encrypted               = true
  kms_key_id                      = aws_kms_key.data.arn
  publicly_accessible             = false
  multi_az                        = true
  backup_retention_period         = 14
  deletion_protection             = true
  skip_final_snapshot             = false
  enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"]
  iam_database_authentication_enabled = true
}

resource "aws_security_group" "admin" {
  name        = "${local.name}-admin"
  description = "SSH from the corporate network only"
  ingress {
    description = "SSH from the VPN range"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.admin_cidr]
  }
}

data "aws_iam_policy_document" "deployer" {
  statement {
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.customer_exports.arn}/*"]
  }
}

resource "aws_iam_policy" "deployer" {
  name   = "${local.name}-deployer"
  policy = data.aws_iam_policy_document.deployer.json
}

# Both buckets refuse requests that do not use TLS (aws:SecureTransport).
data "aws_iam_policy_document" "tls_only" {
  for_each = {
    logs             = aws_s3_bucket.logs.arn
    customer_exports = aws_s3_bucket.customer_exports.arn
  }
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [each.value, "${each.value}/*"]
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

resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = data.aws_iam_policy_document.tls_only["logs"].json
}

resource "aws_s3_bucket_policy" "customer_exports" {
  bucket = aws_s3_bucket.customer_exports.id
  policy = data.aws_iam_policy_document.tls_only["customer_exports"].json
}
