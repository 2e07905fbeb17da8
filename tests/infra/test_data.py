"""The transactions table, the idempotency table and the report buckets, as declared."""

import json

from tests.infra.graph import one

TABLE = "aws:dynamodb/table:Table"


def test_transactions_table_keys_billing_stream_and_recovery(stack):
    table = one(stack, TABLE, "data-transactions").inputs
    assert table["name"] == "transactions-dev"
    assert (table["hashKey"], table["rangeKey"]) == ("transactionId", "timestamp")
    assert {a["name"]: a["type"] for a in table["attributes"]} == {
        "transactionId": "S",
        "timestamp": "N",
        "customerId": "S",
        "dayShard": "S",
        "flaggedShard": "S",
        "pendingShard": "S",
    }
    assert table["billingMode"] == "PAY_PER_REQUEST"
    assert table["streamEnabled"] is True
    assert table["streamViewType"] == "NEW_AND_OLD_IMAGES"
    assert table["pointInTimeRecovery"] == {"enabled": True}


def test_indexes_serve_history_the_report_and_the_rebuild(stack):
    indexes = {
        index["name"]: ({k["keyType"]: k["attributeName"] for k in index["keySchemas"]}, index["projectionType"])
        for index in one(stack, TABLE, "data-transactions").inputs["globalSecondaryIndexes"]
    }
    assert indexes == {
        "customer-index": ({"HASH": "customerId", "RANGE": "timestamp"}, "ALL"),
        # Sparse: only flagged items, only items still pending analysis carry these keys.
        "flagged-index": ({"HASH": "flaggedShard", "RANGE": "timestamp"}, "ALL"),
        "pending-index": ({"HASH": "pendingShard", "RANGE": "timestamp"}, "ALL"),
        # Keys only: an analysis or a label never rewrites it (one write unit per transaction, at insert).
        "day-index": ({"HASH": "dayShard", "RANGE": "timestamp"}, "KEYS_ONLY"),
    }


def test_aggregates_table_is_keyed_by_pk_on_demand_recoverable_and_encrypted(stack):
    table = one(stack, TABLE, "data-aggregates").inputs
    assert table["name"] == "transactions-aggregates-dev"
    assert table["hashKey"] == "pk" and "rangeKey" not in table
    assert table["attributes"] == [{"name": "pk", "type": "S"}]
    assert table["billingMode"] == "PAY_PER_REQUEST" and "globalSecondaryIndexes" not in table
    assert table["pointInTimeRecovery"] == {"enabled": True}
    assert table["serverSideEncryption"] == {"enabled": True}
    assert table["deletionProtectionEnabled"] is False  # dev, like the other tables


def test_idempotency_table_is_partition_key_only_with_ttl(stack):
    table = one(stack, TABLE, "data-idempotency").inputs
    assert table["name"] == "transactions-idempotency-dev"
    assert table["hashKey"] == "id" and "rangeKey" not in table
    assert table["billingMode"] == "PAY_PER_REQUEST"
    assert table["ttl"] == {"attributeName": "expiration", "enabled": True}


def test_dev_stack_tables_can_be_destroyed_but_the_default_protects(stack, project_root):
    assert one(stack, TABLE, "data-transactions").inputs["deletionProtectionEnabled"] is False
    from fraud_stack.config import StackConfig

    assert StackConfig(environment_suffix="prod", cost_center="x").deletion_protection is True


def bucket_part(stack, type_name: str, logical: str):
    return one(stack, f"aws:s3/{type_name[0].lower() + type_name[1:]}:{type_name}", logical).inputs


def test_reports_bucket_name_encryption_and_lifecycle(stack):
    assert one(stack, "aws:s3/bucket:Bucket", "data-reports").inputs["bucket"] == "fraud-reports-dev"
    sse = bucket_part(stack, "BucketServerSideEncryptionConfiguration", "data-reports-sse")
    assert sse["bucket"] == "fraud-reports-dev"
    assert sse["rules"][0]["applyServerSideEncryptionByDefault"]["sseAlgorithm"] == "AES256"
    rule = bucket_part(stack, "BucketLifecycleConfiguration", "data-reports-lifecycle")["rules"][0]
    assert rule["status"] == "Enabled"
    assert [(t["days"], t["storageClass"]) for t in rule["transitions"]] == [(30, "STANDARD_IA"), (90, "GLACIER")]
    assert rule["abortIncompleteMultipartUpload"]["daysAfterInitiation"] == 7


def test_reports_bucket_is_private_versioned_owner_enforced_and_logged(stack):
    block = bucket_part(stack, "BucketPublicAccessBlock", "data-reports-public-access")
    assert all(
        block[k] is True for k in ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")
    )
    ownership = bucket_part(stack, "BucketOwnershipControls", "data-reports-ownership")
    assert ownership["rule"]["objectOwnership"] == "BucketOwnerEnforced"
    versioning = bucket_part(stack, "BucketVersioning", "data-reports-versioning")
    assert versioning["versioningConfiguration"]["status"] == "Enabled"
    logging = bucket_part(stack, "BucketLogging", "data-reports-access-logging")
    assert logging["targetBucket"] == "fraud-reports-logs-dev"


def test_every_bucket_denies_requests_without_tls(stack):
    buckets = {b.outputs["bucket"]: b.outputs["arn"] for b in stack.by_type("aws:s3/bucket:Bucket")}
    policies = {
        p.inputs["bucket"]: json.loads(p.inputs["policy"]) for p in stack.by_type("aws:s3/bucketPolicy:BucketPolicy")
    }
    assert set(policies) == set(buckets)
    for bucket, policy in policies.items():
        deny = next(s for s in policy["Statement"] if s["Effect"] == "Deny")
        assert deny["Principal"] == "*" and deny["Action"] == "s3:*"
        assert deny["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
        assert sorted(deny["Resource"]) == sorted([buckets[bucket], f"{buckets[bucket]}/*"])


def test_every_bucket_has_its_own_aes256_encryption(stack):
    buckets = {b.outputs["bucket"] for b in stack.by_type("aws:s3/bucket:Bucket")}
    encrypted = {
        c.inputs["bucket"]
        for c in stack.by_type("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration")
        if c.inputs["rules"][0]["applyServerSideEncryptionByDefault"]["sseAlgorithm"] == "AES256"
    }
    assert encrypted == buckets == {"fraud-reports-dev", "fraud-reports-logs-dev"}


def test_the_log_bucket_accepts_access_logs_only_from_the_reports_bucket_of_this_account(stack):
    policy = json.loads(one(stack, "aws:s3/bucketPolicy:BucketPolicy", "data-access-logs-tls-only").inputs["policy"])
    (allow,) = [s for s in policy["Statement"] if s["Effect"] == "Allow"]
    assert allow["Principal"] == {"Service": "logging.s3.amazonaws.com"}
    assert allow["Action"] == "s3:PutObject"
    assert allow["Resource"] == "arn:aws:s3:::fraud-reports-logs-dev/s3-access/*"
    assert allow["Condition"] == {
        "ArnLike": {"aws:SourceArn": ["arn:aws:s3:::fraud-reports-dev"]},
        "StringEquals": {"aws:SourceAccount": "123456789012"},
    }
    reports = json.loads(one(stack, "aws:s3/bucketPolicy:BucketPolicy", "data-reports-tls-only").inputs["policy"])
    assert [s["Effect"] for s in reports["Statement"]] == ["Deny"]
