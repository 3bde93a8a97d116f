# A small AWS stack with the mistakes SOC 2 audits find most often.
variable "environment" {
  type    = string
  default = "prod"
}

variable "db_password" {
  type      = string
  sensitive = true
}

locals {
  name = "payments-${var.environment}"
}

resource "aws_s3_bucket" "customer_exports" {
  bucket = "${local.name}-customer-exports"
}

resource "aws_s3_bucket_acl" "customer_exports" {
  bucket = aws_s3_bucket.customer_exports.id
  acl    = "public-read"
}

resource "aws_db_instance" "payments" {
  identifier              = local.name
  engine                  = "postgres"
  instance_class          = "db.t3.medium"
  allocated_storage       = 50
  username                = "payments"
  password                = var.db_password
  storage_encrypted       = false
  publicly_accessible     = true
  backup_retention_period = 0
  skip_final_snapshot     = true
}

resource "aws_security_group" "admin" {
  name = "${local.name}-admin"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_iam_policy" "deployer" {
  name = "${local.name}-deployer"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}
