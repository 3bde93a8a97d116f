bucket_name   = "app-data"
logged_bucket = "some-other-bucket"
