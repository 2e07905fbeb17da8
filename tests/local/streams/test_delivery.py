"""The table's stream reaches the analyzer as the program's event source mapping says: INSERT records only, in
Lambda's record shape, with partial batch failures retried, and a poison record bisected out, retried, and
described in the on-failure queue while the rest of the shard moves on."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from aws_lambda_powertools.utilities.parser.models import DynamoDBStreamLambdaOnFailureDestinationModel

from fraudctl.local import LocalSystem
from tests.local.helpers import delivered_ids, deliveries, eventually

pytestmark = pytest.mark.slow
TABLE = "transactions-dev"


def _item(transaction_id: str, behaviour: str = "ok", **extra: dict[str, Any]) -> dict[str, Any]:
    return {
        "transactionId": {"S": transaction_id},
        "timestamp": {"N": "1767225600000"},
        "customerId": {"S": "stream-test"},
        "dayShard": {"S": "2026-01-01#0"},
        "status": {"S": "RECEIVED"},
        "behaviour": {"S": behaviour},
        **extra,
    }


def _id(record: dict[str, Any]) -> str:
    return record["dynamodb"]["Keys"]["transactionId"]["S"]


def _write_together(system: LocalSystem, items: list[dict[str, Any]]) -> None:
    # One BatchWriteItem: the records land in the stream together and usually reach the function as one batch.
    system.dynamodb.batch_write_item(RequestItems={TABLE: [{"PutRequest": {"Item": item}} for item in items]})


def _on_failure_messages(system: LocalSystem) -> list[dict[str, Any]]:
    queue = system.topology.stream_mappings[0].on_failure_queue_name
    url = system.sqs.get_queue_url(QueueName=queue)["QueueUrl"]
    messages = system.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=0).get("Messages", [])
    return [json.loads(message["Body"]) for message in messages]


def test_records_arrive_in_the_shape_lambda_delivers(fake_system: LocalSystem, delivery_log: Path):
    fake_system.dynamodb.put_item(TableName=TABLE, Item=_item("shape-1", blob={"B": b"\x00\x01binary"}))

    eventually(lambda: delivered_ids(delivery_log, "shape-"))
    record = next(r for d in deliveries(delivery_log) for r in d["records"] if _id(r) == "shape-1")
    stream_arn = fake_system.dynamodb.describe_table(TableName=TABLE)["Table"]["LatestStreamArn"]
    assert record["eventSource"] == "aws:dynamodb" and record["eventVersion"] == "1.1"
    assert record["awsRegion"] == "us-east-2"  # moto says us-east-1
    assert record["eventSourceARN"] == stream_arn  # moto leaves it out
    assert record["eventName"] == "INSERT"
    assert isinstance(record["dynamodb"]["ApproximateCreationDateTime"], int)  # epoch seconds, not a datetime
    image = record["dynamodb"]["NewImage"]
    assert image["timestamp"] == {"N": "1767225600000"}  # wire format, numbers as strings
    assert base64.b64decode(image["blob"]["B"]) == b"\x00\x01binary"  # binaries as base64 text
    assert record["dynamodb"]["StreamViewType"] == "NEW_AND_OLD_IMAGES"


def test_only_inserts_reach_the_function_not_its_own_updates(fake_system: LocalSystem, delivery_log: Path):
    poller = fake_system.parts.pollers[0]
    filtered_before = poller.stats.records_filtered_out
    _write_together(fake_system, [_item(f"insert-{n}") for n in range(3)])

    # The stand-in writes each record back (as the analyzer does): three MODIFY records, read and filtered out.
    eventually(lambda: poller.stats.records_filtered_out >= filtered_before + 3)
    delivered = delivered_ids(delivery_log, "insert-")
    assert sorted(delivered) == [("INSERT", "insert-0"), ("INSERT", "insert-1"), ("INSERT", "insert-2")]


def test_a_reported_item_failure_is_retried_from_that_record(fake_system: LocalSystem, delivery_log: Path):
    _write_together(fake_system, [_item("partial-a"), _item("partial-b", "fail-once"), _item("partial-c")])

    eventually(lambda: delivered_ids(delivery_log, "partial-").count(("INSERT", "partial-b")) == 2)
    ids = [transaction_id for _, transaction_id in delivered_ids(delivery_log, "partial-")]
    assert ids.count("partial-a") == 1  # before the failure: checkpointed, never redelivered
    assert ids.count("partial-b") == 2  # reported once, then delivered again
    assert ids.index("partial-b") < ids.index("partial-c")  # order within the shard is kept
    batches = [[r["dynamodb"]["Keys"]["transactionId"]["S"] for r in d["records"]] for d in deliveries(delivery_log)]
    with_b = [batch for batch in batches if "partial-b" in batch]
    assert with_b[1][0] == "partial-b"  # the retry starts at the reported record
    assert not _on_failure_messages(fake_system)


def test_a_poison_record_ends_in_the_on_failure_queue_and_the_shard_moves_on(
    fake_system: LocalSystem, delivery_log: Path
):
    mapping = fake_system.topology.stream_mappings[0]
    _write_together(fake_system, [_item("poison-ok-1"), _item("poison-x", "poison"), _item("poison-ok-2")])
    fake_system.dynamodb.put_item(TableName=TABLE, Item=_item("poison-after"))

    messages = eventually(lambda: _on_failure_messages(fake_system), timeout_s=15)
    eventually(lambda: ("INSERT", "poison-after") in delivered_ids(delivery_log, "poison-"))

    assert len(messages) == 1
    message = DynamoDBStreamLambdaOnFailureDestinationModel.model_validate(messages[0])  # Lambda's documented shape
    poison_deliveries = [d for d in deliveries(delivery_log) if any(_id(r) == "poison-x" for r in d["records"])]
    poison_record = next(r for r in poison_deliveries[0]["records"] if _id(r) == "poison-x")
    info = message.ddb_stream_batch_info
    assert info.batch_size == 1  # bisected down to the poison record alone
    assert info.start_sequence_number == info.end_sequence_number == poison_record["dynamodb"]["SequenceNumber"]
    assert info.stream_arn == poison_record["eventSourceARN"]
    assert message.request_context.condition == "RetryAttemptsExhausted"
    assert message.request_context.function_arn == fake_system.topology.function(mapping.function_name).arn
    assert message.response_context.function_error == "Unhandled"
    # Alone, it was tried once and then retried max_retries times; before that it failed within larger batches.
    alone = [d for d in poison_deliveries if len(d["records"]) == 1]
    assert len(alone) == 1 + mapping.max_retries
    assert message.request_context.approximate_invoke_count == len(poison_deliveries)
    ids = [transaction_id for _, transaction_id in delivered_ids(delivery_log, "poison-ok")]
    assert sorted(set(ids)) == ["poison-ok-1", "poison-ok-2"]  # the good records went through
