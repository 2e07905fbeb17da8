"""An S3 bucket with every protection this system requires, declared as v7's separate configuration resources."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

SMALLEST_TIERED_BYTES = 1  # ObjectSizeGreaterThan: every object with content is tiered


@dataclass(frozen=True)
class BucketSettings:
    name: str
    versioned: bool = True
    ia_after_days: int = 30
    glacier_after_days: int = 90
    abort_multipart_after_days: int = 7
    # Card data is not kept forever (PCI DSS 3.1): objects expire, and so do versions once replaced or deleted.
    retention_days: int = 365
    noncurrent_retention_days: int = 30
    force_destroy: bool = False  # `pulumi destroy` empties the bucket first (dev only)
    access_log_bucket: pulumi.Input[str] | None = None  # where S3 server access logs go (S3.9); None for the log bucket
    # For a log bucket: the buckets whose access logs it receives, and the account they belong to.
    receives_access_logs_from: tuple[str, ...] = ()
    account_id: pulumi.Input[str] | None = None


def secure_bucket(logical: str, settings: BucketSettings, parent: pulumi.Resource) -> aws.s3.Bucket:
    """Declare the bucket and its encryption, ownership, public access block, TLS-only policy, versioning, lifecycle."""
    child = pulumi.ResourceOptions(parent=parent)
    # A global, fixed name: a replacement must delete the old bucket first, or the new one's name is still taken.
    bucket = aws.s3.Bucket(
        logical,
        bucket=settings.name,
        force_destroy=settings.force_destroy,
        opts=pulumi.ResourceOptions(parent=parent, delete_before_replace=True),
    )
    aws.s3.BucketServerSideEncryptionConfiguration(
        f"{logical}-sse",
        bucket=bucket.bucket,
        rules=[
            aws.s3.BucketServerSideEncryptionConfigurationRuleArgs(
                apply_server_side_encryption_by_default=aws.s3.BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultArgs(
                    sse_algorithm="AES256"
                ),
            )
        ],
        opts=child,
    )
    ownership = aws.s3.BucketOwnershipControls(
        f"{logical}-ownership",
        bucket=bucket.bucket,
        rule=aws.s3.BucketOwnershipControlsRuleArgs(object_ownership="BucketOwnerEnforced"),
        opts=child,
    )
    public_access = aws.s3.BucketPublicAccessBlock(
        f"{logical}-public-access",
        bucket=bucket.bucket,
        block_public_acls=True,
        block_public_policy=True,
        ignore_public_acls=True,
        restrict_public_buckets=True,
        opts=child,
    )
    # S3 rejects a policy put while the public access block is being applied; ordering them avoids a flaky first deploy.
    aws.s3.BucketPolicy(
        f"{logical}-tls-only",
        bucket=bucket.bucket,
        # The ARN from the bucket's own (fixed) name, not `bucket.arn`: that is unknown until the bucket exists, so in
        # a first `pulumi preview` the policy pack could not read the document and could not check TLS-only (S3.5).
        policy=pulumi.Output.from_input(settings.account_id).apply(
            lambda account_id: _bucket_policy(
                f"arn:aws:s3:::{settings.name}", account_id, settings.receives_access_logs_from
            )
        ),
        opts=pulumi.ResourceOptions(parent=parent, depends_on=[public_access, ownership]),
    )
    if settings.versioned:
        aws.s3.BucketVersioning(
            f"{logical}-versioning",
            bucket=bucket.bucket,
            versioning_configuration=aws.s3.BucketVersioningVersioningConfigurationArgs(status="Enabled"),
            opts=child,
        )
    aws.s3.BucketLifecycleConfiguration(
        f"{logical}-lifecycle",
        bucket=bucket.bucket,
        rules=_lifecycle_rules(settings),
        opts=child,
    )
    if settings.access_log_bucket is not None:
        aws.s3.BucketLogging(
            f"{logical}-access-logging",
            bucket=bucket.bucket,
            target_bucket=settings.access_log_bucket,
            target_prefix=f"s3-access/{settings.name}/",
            opts=child,
        )
    return bucket


def _lifecycle_rules(settings: BucketSettings) -> list[aws.s3.BucketLifecycleConfigurationRuleArgs]:
    rules = [_tiering_rule(settings), _retention_rule(settings)]
    if settings.versioned:
        # Once every version of a key has expired, its delete marker is all that is left: remove it too.
        rules.append(
            aws.s3.BucketLifecycleConfigurationRuleArgs(
                id="expired-delete-markers",
                status="Enabled",
                filter=aws.s3.BucketLifecycleConfigurationRuleFilterArgs(prefix=""),
                expiration=aws.s3.BucketLifecycleConfigurationRuleExpirationArgs(expired_object_delete_marker=True),
            )
        )
    return rules


def _tiering_rule(settings: BucketSettings) -> aws.s3.BucketLifecycleConfigurationRuleArgs:
    # Reports are read in the first weeks, then kept for audits: IA at 30 days, Glacier at 90. S3 skips objects under
    # 128 KB by default (and `varies_by_storage_class` only lets them reach Glacier), while daily reports and alerts
    # are a few KB: a rule's own size filter takes precedence over that default, so this one really moves them.
    # The trade-off, in the README: IA bills at least 128 KB per object.
    return aws.s3.BucketLifecycleConfigurationRuleArgs(
        id="tiering",
        status="Enabled",
        filter=aws.s3.BucketLifecycleConfigurationRuleFilterArgs(object_size_greater_than=SMALLEST_TIERED_BYTES),
        transitions=[
            aws.s3.BucketLifecycleConfigurationRuleTransitionArgs(
                days=settings.ia_after_days, storage_class="STANDARD_IA"
            ),
            aws.s3.BucketLifecycleConfigurationRuleTransitionArgs(
                days=settings.glacier_after_days, storage_class="GLACIER"
            ),
        ],
    )


def _retention_rule(settings: BucketSettings) -> aws.s3.BucketLifecycleConfigurationRuleArgs:
    # Every object, whatever its size; a size filter cannot go with aborting multipart uploads, hence its own rule.
    # Old versions expire rather than tier: they are kept for recovery only, and shorter than IA's 30-day minimum.
    return aws.s3.BucketLifecycleConfigurationRuleArgs(
        id="retention",
        status="Enabled",
        filter=aws.s3.BucketLifecycleConfigurationRuleFilterArgs(prefix=""),
        expiration=aws.s3.BucketLifecycleConfigurationRuleExpirationArgs(days=settings.retention_days),
        noncurrent_version_expiration=aws.s3.BucketLifecycleConfigurationRuleNoncurrentVersionExpirationArgs(
            noncurrent_days=settings.noncurrent_retention_days
        ),
        abort_incomplete_multipart_upload=aws.s3.BucketLifecycleConfigurationRuleAbortIncompleteMultipartUploadArgs(
            days_after_initiation=settings.abort_multipart_after_days
        ),
    )


def _bucket_policy(bucket_arn: str, account_id: str | None, log_sources: tuple[str, ...]) -> str:
    """FSBP S3.5: refuse every request that does not use TLS. A log bucket also lets S3's log delivery write, which
    with BucketOwnerEnforced (ACLs off) is only possible through this policy, and only for our own source buckets."""
    statements = [_deny_insecure_transport(bucket_arn)]
    if log_sources:
        statements.append(
            {
                "Sid": "S3ServerAccessLogDelivery",
                "Effect": "Allow",
                "Principal": {"Service": "logging.s3.amazonaws.com"},
                "Action": "s3:PutObject",
                "Resource": f"{bucket_arn}/s3-access/*",
                "Condition": {
                    "ArnLike": {"aws:SourceArn": [f"arn:aws:s3:::{name}" for name in log_sources]},
                    "StringEquals": {"aws:SourceAccount": account_id},
                },
            }
        )
    return json.dumps({"Version": "2012-10-17", "Statement": statements}, sort_keys=True)


def _deny_insecure_transport(bucket_arn: str) -> dict:
    return {
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [bucket_arn, f"{bucket_arn}/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }
