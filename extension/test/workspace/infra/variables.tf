variable "bucket_name" {
  type = string
}

variable "logged_bucket" {
  type = string
}
