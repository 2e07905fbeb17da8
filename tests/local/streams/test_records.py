"""moto's stream records turned into the records Lambda delivers."""

from __future__ import annotations

from datetime import UTC, datetime

from fraudctl.local.streams.records import lambda_record, wire_value

ARN = "arn:aws:dynamodb:us-east-2:123456789012:table/t/stream/2026-01-01T00:00:00.000"


def test_a_moto_record_becomes_a_lambda_record():
    raw = {
        "eventID": "e1",
        "eventName": "INSERT",
        "eventVersion": "1.0",
        "awsRegion": "us-east-1",
        "dynamodb": {
            "ApproximateCreationDateTime": datetime(2026, 1, 1, 12, 0, 0, 500000, tzinfo=UTC),
            "Keys": {"id": {"S": "a"}},
            "NewImage": {"id": {"S": "a"}, "n": {"N": "1.5"}, "b": {"B": b"\x00\xff"}},
            "SequenceNumber": "1100000000017454423009",
            "SizeBytes": 20,
            "StreamViewType": "NEW_AND_OLD_IMAGES",
        },
    }

    record = lambda_record(raw, "shard-1", "us-east-2", ARN)

    assert record.sequence_number == "1100000000017454423009" and record.shard_id == "shard-1"
    assert record.record["awsRegion"] == "us-east-2" and record.record["eventSourceARN"] == ARN
    assert record.record["eventSource"] == "aws:dynamodb" and record.record["eventVersion"] == "1.1"
    assert record.record["dynamodb"]["ApproximateCreationDateTime"] == 1767268800
    assert record.record["dynamodb"]["NewImage"]["b"] == {"B": "AP8="}
    assert record.created_at == 1767268800.5


def test_binary_values_nested_anywhere_become_base64_text():
    value = {"M": {"l": {"L": [{"B": b"a"}, {"BS": [b"b", b"c"]}, {"N": "1"}]}}}
    assert wire_value(value) == {"M": {"l": {"L": [{"B": "YQ=="}, {"BS": ["Yg==", "Yw=="]}, {"N": "1"}]}}}
