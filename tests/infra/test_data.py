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
    lifecycle = bucket_part(stack, "BucketLifecycleConfiguration", "data-reports-lifecycle")
    rules = {rule["id"]: rule for rule in lifecycle["rules"]}
    assert all(rule["status"] == "Enabled" for rule in rules.values())
    tiering = rules["tiering"]
    assert [(t["days"], t["storageClass"]) for t in tiering["transitions"]] == [(30, "STANDARD_IA"), (90, "GLACIER")]
    assert rules["retention"]["abortIncompleteMultipartUpload"]["daysAfterInitiation"] == 7


def test_small_reports_really_move_to_standard_ia_at_30_days(stack):
    """S3 skips objects under 128 KB unless the rule's own size filter lets them through; `varies_by_storage_class`
    would only let them reach Glacier. Reports and alerts are a few KB."""
    for logical in ("data-reports-lifecycle", "data-access-logs-lifecycle"):
        lifecycle = bucket_part(stack, "BucketLifecycleConfiguration", logical)
        tiering = next(rule for rule in lifecycle["rules"] if rule.get("transitions"))
        assert tiering["filter"] == {"objectSizeGreaterThan": 1}, logical
        assert lifecycle.get("transitionDefaultMinimumObjectSize") in (None, "all_storage_classes_128K")


def test_current_and_noncurrent_versions_expire_after_the_configured_retention(stack, project_root):
    for logical in ("data-reports-lifecycle", "data-access-logs-lifecycle"):
        rules = {r["id"]: r for r in bucket_part(stack, "BucketLifecycleConfiguration", logical)["rules"]}
        retention = rules["retention"]
        assert retention["filter"] == {"prefix": ""}  # every object, whatever its size
        assert retention["expiration"] == {"days": 365}
        assert retention["noncurrentVersionExpiration"] == {"noncurrentDays": 30}
    markers = {
        r["id"]: r for r in bucket_part(stack, "BucketLifecycleConfiguration", "data-reports-lifecycle")["rules"]
    }
    assert markers["expired-delete-markers"]["expiration"] == {"expiredObjectDeleteMarker": True}
    from fraudctl.program.runner import run_program

    kept = run_program(
        project_root,
        "dev",
        {"fraud-detection:dataRetentionDays": "2555", "fraud-detection:noncurrentVersionRetentionDays": "7"},
    )
    rules = {r["id"]: r for r in bucket_part(kept, "BucketLifecycleConfiguration", "data-reports-lifecycle")["rules"]}
    assert rules["retention"]["expiration"] == {"days": 2555}
    assert rules["retention"]["noncurrentVersionExpiration"] == {"noncurrentDays": 7}


def test_force_destroy_is_on_in_dev_only_and_fixed_names_are_replaced_delete_first(stack):
    from fraud_stack.config import StackConfig

    assert StackConfig(environment_suffix="prod", cost_center="x").force_destroy is False
    for bucket in stack.by_type("aws:s3/bucket:Bucket"):
        assert bucket.inputs["forceDestroy"] is True, bucket.name  # Pulumi.dev.yaml: forceDestroy true
        assert bucket.delete_before_replace, bucket.name
    for table in stack.by_type(TABLE):
        assert table.delete_before_replace, table.name


def test_every_bucket_keeps_versions_the_access_log_bucket_too(stack):
    versioned = {
        v.inputs["bucket"]
        for v in stack.by_type("aws:s3/bucketVersioning:BucketVersioning")
        if v.inputs["versioningConfiguration"]["status"] == "Enabled"
    }
    assert versioned == {b.outputs["bucket"] for b in stack.by_type("aws:s3/bucket:Bucket")}
    rules = {r["id"] for r in bucket_part(stack, "BucketLifecycleConfiguration", "data-access-logs-lifecycle")["rules"]}
    assert "expired-delete-markers" in rules  # a versioned bucket also clears the markers of expired logs


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


def test_bucket_policies_are_known_before_their_buckets_exist(stack):
    """A first `pulumi preview` knows no bucket's outputs: a policy built from `bucket.arn` would reach the policy
    pack unknown, and the TLS-only check (S3.5) could not run. Built from the bucket's fixed name, it is known."""
    buckets = {b.urn for b in stack.by_type("aws:s3/bucket:Bucket")}
    for policy in stack.by_type("aws:s3/bucketPolicy:BucketPolicy"):
        assert not set(policy.property_dependencies.get("policy", ())) & buckets, policy.name


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
