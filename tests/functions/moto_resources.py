"""The stack's data resources, created in moto's server exactly as the Pulumi contract describes them."""

from __future__ import annotations

import logging
import socket
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from boto3.dynamodb.types import TypeSerializer
from lambda_events import lambda_stream_record
from moto.server import ThreadedMotoServer
from moto_speedups import copy_each_table_once

from fraud_adapters.transactions_table import stored_item
from fraud_domain.transaction import Transaction

TABLE = "transactions-test"
IDEMPOTENCY_TABLE = "transactions-idempotency-test"
AGGREGATES_TABLE = "transactions-aggregates-test"
BUCKET = "fraud-reports-test"
CUSTOMER_INDEX = "customer-index"
DAY_INDEX = "day-index"
FLAGGED_INDEX = "flagged-index"
PENDING_INDEX = "pending-index"
SHARDS = 16
AGGREGATE_SHARDS = 100

FUNCTION_ENV = {
    "TABLE_NAME": TABLE,
    "IDEMPOTENCY_TABLE_NAME": IDEMPOTENCY_TABLE,
    "AGGREGATES_TABLE_NAME": AGGREGATES_TABLE,
    "BUCKET_NAME": BUCKET,
    "CUSTOMER_INDEX_NAME": CUSTOMER_INDEX,
    "DAY_INDEX_NAME": DAY_INDEX,
    "FLAGGED_INDEX_NAME": FLAGGED_INDEX,
    "PENDING_INDEX_NAME": PENDING_INDEX,
    "DAY_SHARD_COUNT": str(SHARDS),
    "AGGREGATE_SHARD_COUNT": str(AGGREGATE_SHARDS),
    "ENVIRONMENT": "test",
    "DEPLOYMENT_REGION": "us-east-2",
    "POWERTOOLS_SERVICE_NAME": "fraud-test",
    "POWERTOOLS_METRICS_NAMESPACE": "FraudDetection",
    "LOG_LEVEL": "INFO",
    "MALLOC_ARENA_MAX": "2",
}


def start_server() -> tuple[ThreadedMotoServer, str]:
    """moto's HTTP server on a free loopback port, quiet; returns it and its endpoint URL."""
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one access-log line per AWS call otherwise
    copy_each_table_once()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    return server, f"http://127.0.0.1:{port}"


def function_environment(endpoint: str) -> dict[str, str]:
    """What a function would get from the Pulumi program, plus fake credentials and the emulator's endpoint."""
    return FUNCTION_ENV | {
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": "us-east-2",
        "AWS_REGION": "us-east-2",
    }


def reset(endpoint: str) -> None:
    urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST"), timeout=10).read()


def _index(name: str, hash_key: str, projection: str = "ALL") -> dict[str, Any]:
    return {
        "IndexName": name,
        "KeySchema": [
            {"AttributeName": hash_key, "KeyType": "HASH"},
            {"AttributeName": "timestamp", "KeyType": "RANGE"},
        ],
        "Projection": {"ProjectionType": projection},
    }


def create_resources(dynamodb: Any, s3: Any) -> str:
    """Creates the tables and the bucket; returns the transactions table's stream ARN."""
    table = dynamodb.create_table(
        TableName=TABLE,
        KeySchema=[
            {"AttributeName": "transactionId", "KeyType": "HASH"},
            {"AttributeName": "timestamp", "KeyType": "RANGE"},
        ],
        AttributeDefinitions=[
            {"AttributeName": name, "AttributeType": kind}
            for name, kind in (
                ("transactionId", "S"),
                ("timestamp", "N"),
                ("customerId", "S"),
                ("dayShard", "S"),
                ("flaggedShard", "S"),
                ("pendingShard", "S"),
            )
        ],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
        GlobalSecondaryIndexes=[
            _index(CUSTOMER_INDEX, "customerId"),
            _index(FLAGGED_INDEX, "flaggedShard"),
            _index(PENDING_INDEX, "pendingShard"),
            _index(DAY_INDEX, "dayShard", "KEYS_ONLY"),
        ],
    )
    dynamodb.create_table(
        TableName=AGGREGATES_TABLE,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    dynamodb.create_table(
        TableName=IDEMPOTENCY_TABLE,
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    dynamodb.update_time_to_live(
        TableName=IDEMPOTENCY_TABLE, TimeToLiveSpecification={"Enabled": True, "AttributeName": "expiration"}
    )
    s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "us-east-2"})
    s3.put_bucket_encryption(
        Bucket=BUCKET,
        ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]
        },
    )
    return table["TableDescription"]["LatestStreamArn"]


class StreamReader:
    """Reads the table's stream like the Lambda poller: new records since the last read, in Lambda's shape."""

    def __init__(self, streams: Any, stream_arn: str) -> None:
        self.streams = streams
        self.stream_arn = stream_arn
        self.last_sequence: dict[str, str] = {}

    def new_records(self) -> list[dict[str, Any]]:
        records = []
        for shard in self.streams.describe_stream(StreamArn=self.stream_arn)["StreamDescription"]["Shards"]:
            shard_id = shard["ShardId"]
            position = {"ShardIteratorType": "TRIM_HORIZON"}
            if shard_id in self.last_sequence:
                position = {
                    "ShardIteratorType": "AFTER_SEQUENCE_NUMBER",
                    "SequenceNumber": self.last_sequence[shard_id],
                }
            iterator = self.streams.get_shard_iterator(StreamArn=self.stream_arn, ShardId=shard_id, **position)
            batch = self.streams.get_records(ShardIterator=iterator["ShardIterator"], Limit=1000)["Records"]
            if batch:
                self.last_sequence[shard_id] = batch[-1]["dynamodb"]["SequenceNumber"]
            records.extend(lambda_stream_record(record, self.stream_arn) for record in batch)
        return records


def put_transactions(dynamodb: Any, transactions: Iterable[Transaction]) -> None:
    """Stores transactions as the processor stores them (RECEIVED, with their index keys), 25 per call.

    Analysed ones must then go through the analyzer's write path (tests/functions/write_path.py) to be counted.
    """
    serializer = TypeSerializer()
    requests = [
        {"PutRequest": {"Item": {name: serializer.serialize(value) for name, value in stored_item(t, SHARDS).items()}}}
        for t in transactions
    ]
    for start in range(0, len(requests), 25):
        pending = {TABLE: requests[start : start + 25]}
        while pending:
            pending = dynamodb.batch_write_item(RequestItems=pending).get("UnprocessedItems") or None


@dataclass
class Aws:
    """Clients on the moto server, with fresh resources for one test."""

    dynamodb: Any
    s3: Any
    streams: Any
    stream_arn: str

    def stream(self) -> StreamReader:
        return StreamReader(self.streams, self.stream_arn)

    def items(self, table: str) -> list[dict[str, Any]]:
        # Only tests scan: the functions' IAM has no Scan.
        pages = self.dynamodb.get_paginator("scan").paginate(TableName=table)
        return [item for page in pages for item in page["Items"]]
