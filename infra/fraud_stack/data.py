"""Where transactions and reports live: the transactions table, the idempotency table and the reports bucket."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from fraud_stack.buckets import BucketSettings, secure_bucket

CUSTOMER_INDEX = "customer-index"
DAY_INDEX = "day-index"
FLAGGED_INDEX = "flagged-index"
PENDING_INDEX = "pending-index"


def _index(
    name: str, partition_key: str, sort_key: str, projection: str = "ALL"
) -> aws.dynamodb.TableGlobalSecondaryIndexArgs:
    # key_schemas, not the deprecated hash_key/range_key pair of pulumi-aws 7.
    return aws.dynamodb.TableGlobalSecondaryIndexArgs(
        name=name,
        key_schemas=[
            aws.dynamodb.TableGlobalSecondaryIndexKeySchemaArgs(attribute_name=partition_key, key_type="HASH"),
            aws.dynamodb.TableGlobalSecondaryIndexKeySchemaArgs(attribute_name=sort_key, key_type="RANGE"),
        ],
        projection_type=projection,
    )


@dataclass(frozen=True)
class DataArgs:
    table_name: str
    idempotency_table_name: str
    aggregates_table_name: str
    bucket_name: str
    access_log_bucket_name: str
    account_id: pulumi.Input[str]
    deletion_protection: bool
    force_destroy: bool = False
    retention_days: int = 365
    noncurrent_retention_days: int = 30


class Data(pulumi.ComponentResource):
    """DynamoDB tables and S3 buckets.

    The transactions table is keyed (transactionId, timestamp). Its GSIs serve the functions without a Scan:
    `customer-index` (customerId, timestamp) for the analyzer's velocity and history look-ups; `flagged-index` and
    `pending-index` (sparse: only flagged items carry `flaggedShard`, only items not analysed yet `pendingShard`) for
    the daily report; `day-index` (every item's `dayShard`, keys only, so analyses and labels never rewrite it) for
    the slow rebuild of a day. Each shard key is `YYYY-MM-DD#k`: spreading a day over k keys keeps 1000 writes/s off
    a single partition. The aggregates table holds the days' aggregate shards and the terminal/merchant counters
    (docs/report-at-scale.md).
    """

    table_name: pulumi.Output[str]
    table_arn: pulumi.Output[str]
    stream_arn: pulumi.Output[str]
    idempotency_table_name: pulumi.Output[str]
    idempotency_table_arn: pulumi.Output[str]
    aggregates_table_name: pulumi.Output[str]
    aggregates_table_arn: pulumi.Output[str]
    bucket_name: pulumi.Output[str]
    bucket_arn: pulumi.Output[str]

    def __init__(self, name: str, args: DataArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("fraud:data:Data", name, None, opts)
        # Fixed physical names: a replacement must delete the old table first, or the new one's name is taken. Where
        # deletion protection is on (every stack but dev) that delete is refused, so no data is lost by a replace.
        named = pulumi.ResourceOptions(parent=self, delete_before_replace=True)

        table = aws.dynamodb.Table(
            f"{name}-transactions",
            name=args.table_name,
            billing_mode="PAY_PER_REQUEST",
            hash_key="transactionId",
            range_key="timestamp",
            attributes=[
                aws.dynamodb.TableAttributeArgs(name="transactionId", type="S"),
                aws.dynamodb.TableAttributeArgs(name="timestamp", type="N"),
                aws.dynamodb.TableAttributeArgs(name="customerId", type="S"),
                aws.dynamodb.TableAttributeArgs(name="dayShard", type="S"),
                aws.dynamodb.TableAttributeArgs(name="flaggedShard", type="S"),
                aws.dynamodb.TableAttributeArgs(name="pendingShard", type="S"),
            ],
            global_secondary_indexes=[
                _index(CUSTOMER_INDEX, "customerId", "timestamp"),
                _index(FLAGGED_INDEX, "flaggedShard", "timestamp"),
                _index(PENDING_INDEX, "pendingShard", "timestamp"),
                _index(DAY_INDEX, "dayShard", "timestamp", projection="KEYS_ONLY"),
            ],
            stream_enabled=True,
            stream_view_type="NEW_AND_OLD_IMAGES",
            point_in_time_recovery=aws.dynamodb.TablePointInTimeRecoveryArgs(enabled=True),
            server_side_encryption=aws.dynamodb.TableServerSideEncryptionArgs(enabled=True),
            deletion_protection_enabled=args.deletion_protection,
            opts=named,
        )
        # Powertools Idempotency's record store: one item per transactionId, expired by TTL, so a repeated POST
        # (even with a new server timestamp, which the composite key alone would not catch) never writes twice.
        idempotency = aws.dynamodb.Table(
            f"{name}-idempotency",
            name=args.idempotency_table_name,
            billing_mode="PAY_PER_REQUEST",
            hash_key="id",
            attributes=[aws.dynamodb.TableAttributeArgs(name="id", type="S")],
            ttl=aws.dynamodb.TableTtlArgs(attribute_name="expiration", enabled=True),
            point_in_time_recovery=aws.dynamodb.TablePointInTimeRecoveryArgs(enabled=True),
            server_side_encryption=aws.dynamodb.TableServerSideEncryptionArgs(enabled=True),
            deletion_protection_enabled=args.deletion_protection,
            opts=named,
        )

        # The days' write-sharded report aggregates and the terminal/merchant counters, one item per `pk`; every
        # count an atomic ADD in the transaction of the analysis or label it comes from (docs/report-at-scale.md).
        aggregates = aws.dynamodb.Table(
            f"{name}-aggregates",
            name=args.aggregates_table_name,
            billing_mode="PAY_PER_REQUEST",
            hash_key="pk",
            attributes=[aws.dynamodb.TableAttributeArgs(name="pk", type="S")],
            # Nothing reads this stream: the pack's aws-dynamodb-table-stream rule (the spec) wants one on every
            # table but the idempotency store. An unread stream costs nothing.
            stream_enabled=True,
            stream_view_type=table.stream_view_type,
            point_in_time_recovery=aws.dynamodb.TablePointInTimeRecoveryArgs(enabled=True),
            server_side_encryption=aws.dynamodb.TableServerSideEncryptionArgs(enabled=True),
            deletion_protection_enabled=args.deletion_protection,
            opts=named,
        )

        kept = {
            "force_destroy": args.force_destroy,
            "retention_days": args.retention_days,
            "noncurrent_retention_days": args.noncurrent_retention_days,
        }
        access_logs = secure_bucket(
            f"{name}-access-logs",
            BucketSettings(
                name=args.access_log_bucket_name,
                # Versioned like every bucket: access logs are audit evidence, and a version keeps an overwritten or
                # deleted log for noncurrent_retention_days (log objects are written once, so it costs nothing more).
                receives_access_logs_from=(args.bucket_name,),
                account_id=args.account_id,
                **kept,
            ),
            parent=self,
        )
        reports = secure_bucket(
            f"{name}-reports",
            BucketSettings(name=args.bucket_name, access_log_bucket=access_logs.bucket, **kept),
            parent=self,
        )

        self.table_name = table.name
        self.table_arn = table.arn
        self.stream_arn = table.stream_arn
        self.idempotency_table_name = idempotency.name
        self.idempotency_table_arn = idempotency.arn
        self.aggregates_table_name = aggregates.name
        self.aggregates_table_arn = aggregates.arn
        self.bucket_name = reports.bucket
        self.bucket_arn = reports.arn
        self.register_outputs(
            {
                "table_name": self.table_name,
                "table_arn": self.table_arn,
                "stream_arn": self.stream_arn,
                "idempotency_table_name": self.idempotency_table_name,
                "aggregates_table_name": self.aggregates_table_name,
                "bucket_name": self.bucket_name,
                "bucket_arn": self.bucket_arn,
            }
        )
