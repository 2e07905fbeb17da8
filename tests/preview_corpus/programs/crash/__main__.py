import pulumi

config = pulumi.Config()
if config.get("mode") == "raise":
    raise ValueError("bucket name fraud_reports is invalid")
if config.get("mode") == "log":
    pulumi.log.error("the quota for buckets is exhausted")
