import pulumi_aws as aws

aws.rds.get_engine_version(engine="postgres")
