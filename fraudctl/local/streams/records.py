"""DynamoDB stream records as Lambda delivers them, from what moto's stream returns through boto3.

boto3's low-level dynamodbstreams client keeps images in the wire (AttributeValue) format, but parses binary
values to bytes and ApproximateCreationDateTime to a datetime; moto also reports region us-east-1, event
version 1.0 and no eventSourceARN. Lambda's records carry base64 strings, epoch seconds, the stream's real
region and ARN, and eventVersion 1.1.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class StreamRecord:
    shard_id: str
    sequence_number: str
    created_at: float  # epoch seconds (ApproximateCreationDateTime)
    record: dict[str, Any]  # the Lambda event record

    @property
    def sequence(self) -> int:
        return int(self.sequence_number)


def lambda_record(raw: dict[str, Any], shard_id: str, region: str, stream_arn: str) -> StreamRecord:
    stream = dict(raw["dynamodb"])
    created = stream.get("ApproximateCreationDateTime")
    created_at = created.timestamp() if isinstance(created, datetime) else float(created or 0)
    stream["ApproximateCreationDateTime"] = int(created_at)
    for image in ("Keys", "NewImage", "OldImage"):
        if image in stream:
            stream[image] = {name: wire_value(value) for name, value in stream[image].items()}
    record = {
        "eventID": raw["eventID"],
        "eventName": raw["eventName"],
        "eventVersion": "1.1",
        "eventSource": "aws:dynamodb",
        "awsRegion": region,
        "dynamodb": stream,
        "eventSourceARN": stream_arn,
    }
    if "userIdentity" in raw:  # TTL deletions say who deleted
        record["userIdentity"] = raw["userIdentity"]
    return StreamRecord(shard_id, stream["SequenceNumber"], created_at, record)


def wire_value(value: dict[str, Any]) -> dict[str, Any]:
    """One AttributeValue back in its JSON wire form: binaries as base64 text, containers recursively."""
    ((kind, inner),) = value.items()
    if kind == "B":
        return {"B": _b64(inner)}
    if kind == "BS":
        return {"BS": [_b64(item) for item in inner]}
    if kind == "M":
        return {"M": {name: wire_value(item) for name, item in inner.items()}}
    if kind == "L":
        return {"L": [wire_value(item) for item in inner]}
    return {kind: inner}


def _b64(data: bytes | str) -> str:
    return base64.b64encode(data if isinstance(data, bytes) else data.encode()).decode()
