import pulumi
import pulumi_aws as aws

bucket = aws.s3.Bucket("scratch", force_destroy=True)
short = aws.sqs.Queue("short-lived")
aws.sqs.Queue("kept", message_retention_seconds=1209600)
pulumi.export("forceDestroy", bucket.force_destroy)
pulumi.export("retention", short.message_retention_seconds)
# A retention the preview cannot know yet: the remediation cannot read it and says so.
aws.sqs.Queue("derived", message_retention_seconds=bucket.hosted_zone_id.apply(lambda _zone: 86400))
