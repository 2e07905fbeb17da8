"""The on-failure destination of a stream mapping: the invocation record Lambda sends to SQS for discarded records.

It describes the records (shard and sequence range), it does not carry them: replaying means reading the stream
again within its retention, exactly as with the deployed mapping.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from fraudctl.local.streams.batches import Discarded


def invocation_record(discarded: Discarded, function_arn: str, stream_arn: str) -> dict[str, Any]:
    records, last = discarded.records, discarded.last_invocation
    response_context: dict[str, Any] = {"statusCode": 200, "executedVersion": "$LATEST"}
    if last is not None and last.error is not None:
        response_context["functionError"] = "Unhandled"
    return {
        "requestContext": {
            "requestId": last.request_id if last else "",
            "functionArn": function_arn,
            "condition": discarded.condition,
            "approximateInvokeCount": discarded.invoke_count,
        },
        "responseContext": response_context,
        "version": "1.0",
        "timestamp": _iso(datetime.now(UTC).timestamp(), milliseconds=True),
        "DDBStreamBatchInfo": {
            "shardId": records[0].shard_id,
            "startSequenceNumber": records[0].sequence_number,
            "endSequenceNumber": records[-1].sequence_number,
            "approximateArrivalOfFirstRecord": _iso(records[0].created_at),
            "approximateArrivalOfLastRecord": _iso(records[-1].created_at),
            "batchSize": len(records),
            "streamArn": stream_arn,
        },
    }


def send(sqs: Any, queue_url: str, record: dict[str, Any]) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody=json.dumps(record))


def _iso(epoch_s: float, milliseconds: bool = False) -> str:
    moment = datetime.fromtimestamp(epoch_s, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + (f".{moment.microsecond // 1000:03d}Z" if milliseconds else "Z")
