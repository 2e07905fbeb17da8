"""Encryption at rest and in transit for every place the stack keeps data: tables, buckets, queues, topics, logs."""

from __future__ import annotations

from typing import Any

from .links import StackGraph
from .model_sections import DataStore
from .state import StackResource, json_value

TABLE = "aws:dynamodb/table:Table"
BUCKET = "aws:s3/bucket:Bucket"
QUEUE = "aws:sqs/queue:Queue"
TOPIC = "aws:sns/topic:Topic"
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"
KMS_KEY = "aws:kms/key:Key"
BUCKET_SSE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"
BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy"
BUCKET_PAB = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
BUCKET_VERSIONING = "aws:s3/bucketVersioning:BucketVersioning"
BUCKET_LOGGING = "aws:s3/bucketLogging:BucketLogging"
QUEUE_POLICY = "aws:sqs/queuePolicy:QueuePolicy"
TOPIC_POLICY = "aws:sns/topicPolicy:TopicPolicy"
SDK_TLS = "HTTPS (AWS SDK default); not enforced by a resource policy"


def data_stores(graph: StackGraph) -> tuple[DataStore, ...]:
    state = graph.state
    stores = [_table(graph, r) for r in state.of_type(TABLE)]
    stores += [_bucket(graph, r) for r in state.of_type(BUCKET)]
    stores += [_queue(graph, r) for r in state.of_type(QUEUE)]
    stores += [_topic(graph, r) for r in state.of_type(TOPIC)]
    stores += [_log_group(graph, r) for r in state.of_type(LOG_GROUP)]
    return tuple(sorted(stores, key=lambda s: (s.kind, s.name)))


def _key(graph: StackGraph, resource: StackResource, prop: str) -> str:
    keys = graph.referenced(resource, prop, KMS_KEY)
    if keys:
        rotation = "rotating yearly" if keys[0].get("enableKeyRotation") else "NOT rotating"
        return f"customer-managed KMS key {keys[0].name} ({rotation})"
    value = resource.get(prop)
    return f"KMS key {value}" if value else ""


def _table(graph: StackGraph, table: StackResource) -> DataStore:
    if table.get("serverSideEncryption.enabled"):
        at_rest = _key(graph, table, "serverSideEncryption.kmsKeyArn") or "KMS, AWS managed key aws/dynamodb"
    else:
        at_rest = "AWS owned key (DynamoDB default)"
    safeguards = [
        "point-in-time recovery" if table.get("pointInTimeRecovery.enabled") else "",
        "deletion protection" if table.get("deletionProtectionEnabled") else "",
        f"TTL on {table.get('ttl.attributeName')}" if table.get("ttl.enabled") else "",
    ]
    concerns = [] if table.get("deletionProtectionEnabled") else ["deletion protection off"]
    concerns += [] if table.get("pointInTimeRecovery.enabled") else ["no point-in-time recovery"]
    return DataStore(
        "DynamoDB table", table.name, table.physical_name, at_rest, SDK_TLS, _kept(safeguards), tuple(concerns)
    )


def _bucket(graph: StackGraph, bucket: StackResource) -> DataStore:
    def linked(type_token: str) -> list[StackResource]:
        return graph.referrers(bucket, [type_token], "bucket")

    sse = linked(BUCKET_SSE)
    algorithm = sse[0].get("rules.0.applyServerSideEncryptionByDefault.sseAlgorithm") if sse else None
    if algorithm == "AES256":
        at_rest = "SSE-S3 (AES256)"
    elif algorithm:
        key = sse[0].get("rules.0.applyServerSideEncryptionByDefault.kmsMasterKeyId")
        at_rest = f"{'DSSE-KMS' if algorithm == 'aws:kms:dsse' else 'SSE-KMS'} ({key or 'AWS managed key aws/s3'})"
    else:
        at_rest = "SSE-S3 (S3's default since 2023; not declared)"
    policies = [json_value(p.get("policy")) for p in linked(BUCKET_POLICY)]
    tls = any(_denies_plain_http(p) for p in policies)
    blocks = linked(BUCKET_PAB)
    all_blocked = bool(blocks) and all(
        blocks[0].get(k) for k in ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")
    )
    versioned = any(v.get("versioningConfiguration.status") == "Enabled" for v in linked(BUCKET_VERSIONING))
    logging = linked(BUCKET_LOGGING)
    safeguards = [
        "public access blocked (all four settings)" if all_blocked else "",
        "versioning" if versioned else "",
        f"access logs to {logging[0].get('targetBucket')}" if logging else "",
    ]
    concerns = [] if tls else ["plain HTTP not refused"]
    concerns += [] if all_blocked else ["public access not fully blocked"]
    in_transit = "TLS required: the bucket policy denies aws:SecureTransport=false" if tls else "TLS not enforced"
    return DataStore(
        "S3 bucket", bucket.name, bucket.physical_name, at_rest, in_transit, _kept(safeguards), tuple(concerns)
    )


def _queue(graph: StackGraph, queue: StackResource) -> DataStore:
    key = _key(graph, queue, "kmsMasterKeyId")
    if key:
        at_rest = f"SSE-KMS, {key}"
    elif queue.get("sqsManagedSseEnabled"):
        at_rest = "SSE-SQS (SQS-managed keys)"
    else:
        at_rest = "not declared (SQS applies SSE-SQS to new queues by default)"
    tls = any(
        _denies_plain_http(json_value(p.get("policy"))) for p in graph.referrers(queue, [QUEUE_POLICY], "queueUrl")
    )
    retention = queue.get("messageRetentionSeconds")
    safeguards = (f"messages kept {int(retention) // 86400} days",) if retention else ()
    return DataStore("SQS queue", queue.name, queue.physical_name, at_rest, _tls(tls), safeguards, ())


def _topic(graph: StackGraph, topic: StackResource) -> DataStore:
    key = _key(graph, topic, "kmsMasterKeyId")
    at_rest = f"SSE-KMS, {key}" if key else "not encrypted at rest"
    policies = graph.referrers(topic, [TOPIC_POLICY], "arn")
    tls = any(_denies_plain_http(json_value(p.get("policy"))) for p in policies)
    safeguards = ("topic policy limits publishers",) if policies else ()
    return DataStore(
        "SNS topic", topic.name, topic.physical_name, at_rest, _tls(tls), safeguards, () if key else ("no KMS key",)
    )


def _log_group(graph: StackGraph, group: StackResource) -> DataStore:
    key = _key(graph, group, "kmsKeyId")
    at_rest = f"KMS, {key}" if key else "CloudWatch Logs service-managed encryption"
    days = group.get("retentionInDays")
    safeguards = (f"kept {int(days)} days",) if days else ()
    concerns = () if days else ("logs never expire",)
    return DataStore(
        "CloudWatch log group", group.name, group.physical_name, at_rest, "HTTPS (AWS API)", safeguards, concerns
    )


def _tls(enforced: bool) -> str:
    return "TLS required: the resource policy denies aws:SecureTransport=false" if enforced else SDK_TLS


def _denies_plain_http(document: Any) -> bool:
    if not isinstance(document, dict):
        return False
    raw = document.get("Statement", [])
    for statement in raw if isinstance(raw, list) else [raw]:
        if isinstance(statement, dict) and statement.get("Effect") == "Deny":
            condition = statement.get("Condition") or {}
            secure = (condition.get("Bool") or {}).get("aws:SecureTransport")
            if str(secure).lower() == "false":
                return True
    return False


def _kept(items: list[str]) -> tuple[str, ...]:
    return tuple(item for item in items if item)
