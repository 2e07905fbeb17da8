"""Create in moto what the program declares for data: tables (indexes, stream, TTL, PITR), buckets, queues.

The program is the one source of truth: every resource is created from its recorded inputs, in declaration order.
Compute and wiring (Lambda functions, event source mappings, API Gateway, EventBridge) are never created in moto:
moto would try to run functions in Docker and drop stream records. Local mode emulates those itself.
"""

from __future__ import annotations

from typing import Any

from fraudctl.local.emulator.buckets import BUCKET_PARTS, create_bucket
from fraudctl.local.emulator.provisioned import Provisioned
from fraudctl.local.wire_names import pascal
from fraudctl.program.model import ProgramRun, RecordedResource

TABLE = "aws:dynamodb/table:Table"
BUCKET = "aws:s3/bucket:Bucket"
QUEUE = "aws:sqs/queue:Queue"
_TABLE_INPUTS = {
    "name", "hashKey", "rangeKey", "attributes", "billingMode", "globalSecondaryIndexes", "localSecondaryIndexes",
    "streamEnabled", "streamViewType", "serverSideEncryption", "deletionProtectionEnabled", "ttl",
    "pointInTimeRecovery", "readCapacity", "writeCapacity", "tags",
}  # fmt: skip
_QUEUE_ATTRIBUTES = {
    "sqsManagedSseEnabled": "SqsManagedSseEnabled",
    "messageRetentionSeconds": "MessageRetentionPeriod",
    "visibilityTimeoutSeconds": "VisibilityTimeout",
    "delaySeconds": "DelaySeconds",
    "maxMessageSize": "MaximumMessageSize",
    "receiveWaitTimeSeconds": "ReceiveMessageWaitTimeSeconds",
    "redrivePolicy": "RedrivePolicy",
    "kmsMasterKeyId": "KmsMasterKeyId",
    "fifoQueue": "FifoQueue",
    "contentBasedDeduplication": "ContentBasedDeduplication",
}


def provision(run: ProgramRun, clients: Any) -> Provisioned:
    """`clients(service)` returns a boto3 client bound to moto."""
    done = Provisioned()
    dynamodb, s3, sqs = clients("dynamodb"), clients("s3"), clients("sqs")
    for resource in run.resources:
        if not resource.custom or resource.is_provider:
            continue
        if resource.type == TABLE:
            _create_table(dynamodb, resource, done)
        elif resource.type == BUCKET:
            create_bucket(s3, resource, run.config.get("aws:region", "us-east-2"), done)
        elif resource.type in BUCKET_PARTS:
            BUCKET_PARTS[resource.type](s3, resource, done)
        elif resource.type == QUEUE:
            _create_queue(sqs, resource, done)
        else:
            done.not_emulated[resource.type.split(":")[1].split("/")[0]] += 1
    return done


def _create_table(dynamodb: Any, table: RecordedResource, done: Provisioned) -> None:
    inputs = table.inputs
    name = str(inputs.get("name") or table.outputs["name"])
    request: dict[str, Any] = {
        "TableName": name,
        "KeySchema": _key_schema(inputs.get("hashKey"), inputs.get("rangeKey")),
        "AttributeDefinitions": [
            {"AttributeName": a["name"], "AttributeType": a["type"]} for a in inputs["attributes"]
        ],
        "BillingMode": inputs.get("billingMode") or "PROVISIONED",
        "DeletionProtectionEnabled": bool(inputs.get("deletionProtectionEnabled")),
    }
    if request["BillingMode"] == "PROVISIONED":
        request["ProvisionedThroughput"] = _throughput(inputs)
    if inputs.get("globalSecondaryIndexes"):
        request["GlobalSecondaryIndexes"] = [
            _index(index, request["BillingMode"]) for index in inputs["globalSecondaryIndexes"]
        ]
    if inputs.get("localSecondaryIndexes"):
        request["LocalSecondaryIndexes"] = [
            _index({**index, "hashKey": inputs.get("hashKey")}, "PAY_PER_REQUEST")
            for index in inputs["localSecondaryIndexes"]
        ]
    if inputs.get("streamEnabled"):
        request["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": inputs["streamViewType"]}
    sse = inputs.get("serverSideEncryption") or {}
    if sse.get("enabled"):  # enabled without a key: the AWS-managed KMS key, as in AWS
        request["SSESpecification"] = {
            "Enabled": True,
            "SSEType": "KMS",
            **({"KMSMasterKeyId": sse["kmsKeyArn"]} if sse.get("kmsKeyArn") else {}),
        }
    if inputs.get("tags"):
        request["Tags"] = [{"Key": key, "Value": value} for key, value in inputs["tags"].items()]
    dynamodb.create_table(**request)
    ttl = inputs.get("ttl") or {}
    if ttl.get("enabled"):
        # moto records TTL but never expires items; the idempotency records simply stay.
        dynamodb.update_time_to_live(
            TableName=name, TimeToLiveSpecification={"Enabled": True, "AttributeName": ttl["attributeName"]}
        )
    if (inputs.get("pointInTimeRecovery") or {}).get("enabled"):
        dynamodb.update_continuous_backups(
            TableName=name, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True}
        )
    done.created.append(f"table {name}")
    for key in sorted(set(inputs) - _TABLE_INPUTS):
        done.notes.append(f"table {name}: {key} is not applied locally")


def _key_schema(hash_key: Any, range_key: Any) -> list[dict[str, str]]:
    schema = [{"AttributeName": str(hash_key), "KeyType": "HASH"}]
    return schema + ([{"AttributeName": str(range_key), "KeyType": "RANGE"}] if range_key else [])


def _throughput(settings: dict[str, Any]) -> dict[str, int]:
    return {
        "ReadCapacityUnits": int(settings.get("readCapacity") or 1),
        "WriteCapacityUnits": int(settings.get("writeCapacity") or 1),
    }


def _index(index: dict[str, Any], billing_mode: str) -> dict[str, Any]:
    # pulumi-aws 7 spells keys as keySchemas; the deprecated hashKey/rangeKey pair still works.
    schemas = index.get("keySchemas")
    key_schema = (
        [{"AttributeName": k["attributeName"], "KeyType": k["keyType"]} for k in schemas]
        if schemas
        else _key_schema(index.get("hashKey"), index.get("rangeKey"))
    )
    projection: dict[str, Any] = {"ProjectionType": index.get("projectionType") or "ALL"}
    if index.get("nonKeyAttributes"):
        projection["NonKeyAttributes"] = list(index["nonKeyAttributes"])
    spec = {"IndexName": index["name"], "KeySchema": key_schema, "Projection": projection}
    return spec | ({"ProvisionedThroughput": _throughput(index)} if billing_mode == "PROVISIONED" else {})


def _create_queue(sqs: Any, queue: RecordedResource, done: Provisioned) -> None:
    inputs = queue.inputs
    name = str(inputs.get("name") or queue.outputs["name"])
    attributes = {
        wire: _attribute(inputs[key]) for key, wire in _QUEUE_ATTRIBUTES.items() if inputs.get(key) is not None
    }
    sqs.create_queue(QueueName=name, Attributes=attributes, tags=dict(inputs.get("tags") or {}))
    done.created.append(f"queue {name}")
    for key in sorted(set(inputs) - set(_QUEUE_ATTRIBUTES) - {"name", "tags"}):
        done.notes.append(f"queue {name}: {key} is not applied locally")


def _attribute(value: Any) -> str:
    # SQS attributes are strings: "true", "1209600", JSON documents.
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(pascal(value))
