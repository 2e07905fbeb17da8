"""The shape of pulumi/examples aws-py-s3-folder on pulumi-aws v7: a public website bucket, one object per file."""

import json
import mimetypes
import os

import pulumi
import pulumi_aws as aws

content_dir = pulumi.Config().require("path")

site = aws.s3.Bucket("site")
website = aws.s3.BucketWebsiteConfiguration(
    "site-website",
    bucket=site.id,
    index_document=aws.s3.BucketWebsiteConfigurationIndexDocumentArgs(suffix="index.html"),
)
ownership = aws.s3.BucketOwnershipControls(
    "site-ownership", bucket=site.id, rule=aws.s3.BucketOwnershipControlsRuleArgs(object_ownership="ObjectWriter")
)
public = aws.s3.BucketPublicAccessBlock(
    "site-public", bucket=site.id, block_public_acls=False, block_public_policy=False
)

for file in sorted(os.listdir(content_dir)):
    path = os.path.join(content_dir, file)
    aws.s3.BucketObject(
        file,
        bucket=site.id,
        source=pulumi.FileAsset(path),
        content_type=mimetypes.guess_type(path)[0],
        opts=pulumi.ResourceOptions(depends_on=[public, ownership]),
    )

aws.s3.BucketPolicy(
    "site-policy",
    bucket=site.id,
    policy=site.arn.apply(
        lambda arn: json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {"Effect": "Allow", "Principal": "*", "Action": ["s3:GetObject"], "Resource": [f"{arn}/*"]}
                ],
            }
        )
    ),
    opts=pulumi.ResourceOptions(depends_on=[public]),
)

pulumi.export("bucket_name", site.id)
pulumi.export("website_url", website.website_endpoint)
