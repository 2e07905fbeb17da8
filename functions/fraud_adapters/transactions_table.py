"""The transactions table and its two indexes, in the domain's terms.

Every read and write is one call per page: the handlers' AWS call budget (docs/functions.md) depends on it.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.exceptions import ClientError

from fraud_domain.history import PastTransaction
from fraud_domain.records import analysis_attributes, from_item, readable_history, to_item
from fraud_domain.sharding import day_shard, day_shards
from fraud_domain.transaction import Analysis, Status, Transaction

_serializer = TypeSerializer()
_deserializer = TypeDeserializer()
# What the rules read of a past transaction; placeholders because "timestamp" is a DynamoDB reserved word.
_HISTORY_NAMES = {
    "#id": "transactionId",
    "#ts": "timestamp",
    "#amount": "amount",
    "#cur": "currency",
    "#cty": "country",
}


def _wire(values: dict[str, Any]) -> dict[str, Any]:
    return {name: _serializer.serialize(value) for name, value in values.items()}


def _plain(item: dict[str, Any]) -> dict[str, Any]:
    return {name: _deserializer.deserialize(value) for name, value in item.items()}


def _is_condition_failure(error: ClientError) -> bool:
    return error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException"


class TransactionExists(Exception):
    """An item with this transactionId and timestamp is already stored."""

    def __init__(self, existing: Transaction) -> None:
        super().__init__(f"transaction {existing.transaction_id} already stored")
        self.existing = existing


class TransactionsTable:
    def __init__(self, client: Any, table_name: str, customer_index: str, day_index: str, shard_count: int) -> None:
        self.client = client
        self.table_name = table_name
        self.customer_index = customer_index
        self.day_index = day_index
        self.shard_count = shard_count

    def insert(self, transaction: Transaction) -> None:
        """PutItem that never overwrites; raises TransactionExists with the stored item instead."""
        item = to_item(transaction) | {
            "dayShard": day_shard(transaction.transaction_id, transaction.timestamp, self.shard_count)
        }
        try:
            self.client.put_item(
                TableName=self.table_name,
                Item=_wire(item),
                ConditionExpression="attribute_not_exists(transactionId)",
                ReturnValuesOnConditionCheckFailure="ALL_OLD",  # the existing item, without a second read
            )
        except ClientError as error:
            if _is_condition_failure(error) and "Item" in error.response:
                raise TransactionExists(from_item(_plain(error.response["Item"]))) from error
            raise

    def latest(self, transaction_id: str) -> Transaction | None:
        # GetItem needs the sort key too; a Query on the partition key finds the item from its id alone.
        response = self.client.query(
            TableName=self.table_name,
            KeyConditionExpression="transactionId = :id",
            ExpressionAttributeValues={":id": {"S": transaction_id}},
            ScanIndexForward=False,
            Limit=1,
            ConsistentRead=True,  # read-your-write right after the POST
        )
        items = response.get("Items", [])
        return from_item(_plain(items[0])) if items else None

    def customer_history(self, customer_id: str, since_ms: int, until_ms: int) -> tuple[list[PastTransaction], int]:
        """The customer's transactions with since_ms <= timestamp <= until_ms, and how many rows were unreadable.

        One Query (more pages only past 1 MB).
        """
        request: dict[str, Any] = {
            "TableName": self.table_name,
            "IndexName": self.customer_index,
            "KeyConditionExpression": "customerId = :customer AND #ts BETWEEN :since AND :until",
            "ProjectionExpression": ", ".join(_HISTORY_NAMES),
            "ExpressionAttributeNames": _HISTORY_NAMES,
            "ExpressionAttributeValues": _wire({":customer": customer_id, ":since": since_ms, ":until": until_ms}),
        }
        return readable_history(_plain(item) for item in self._pages(request))

    def record_analysis(self, transaction: Transaction, analysis: Analysis) -> bool:
        """Writes the analysis once: False (and no change) if the item is no longer RECEIVED, e.g. on a retry."""
        attributes = analysis_attributes(analysis) | {"status": str(Status.ANALYZED)}
        names = {f"#a{i}": name for i, name in enumerate(attributes)}
        values = {f":v{i}": value for i, value in enumerate(attributes.values())}
        try:
            self.client.update_item(
                TableName=self.table_name,
                Key=_wire({"transactionId": transaction.transaction_id, "timestamp": transaction.timestamp}),
                UpdateExpression="SET " + ", ".join(f"#a{i} = :v{i}" for i in range(len(attributes))),
                ConditionExpression="#status = :received",
                ExpressionAttributeNames=names | {"#status": "status"},
                ExpressionAttributeValues=_wire(values | {":received": str(Status.RECEIVED)}),
            )
        except ClientError as error:
            if _is_condition_failure(error):
                return False
            raise
        return True

    def items_of_day(self, day: date) -> list[dict[str, Any]]:
        """Every item of one UTC day from the day index: all shards queried in parallel, each page by page."""
        shards = day_shards(day, self.shard_count)
        with ThreadPoolExecutor(max_workers=min(len(shards), 16)) as pool:
            pages = pool.map(self._items_of_shard, shards)
            return [item for shard_items in pages for item in shard_items]

    def _items_of_shard(self, shard: str) -> list[dict[str, Any]]:
        request = {
            "TableName": self.table_name,
            "IndexName": self.day_index,
            "KeyConditionExpression": "dayShard = :shard",
            "ExpressionAttributeValues": {":shard": {"S": shard}},
        }
        return [_plain(item) for item in self._pages(request)]

    def _pages(self, request: dict[str, Any]) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        while True:
            response = self.client.query(**request)
            items.extend(response.get("Items", []))
            if "LastEvaluatedKey" not in response:
                return items
            request = request | {"ExclusiveStartKey": response["LastEvaluatedKey"]}
