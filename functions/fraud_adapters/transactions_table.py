"""The transactions table in the domain's terms: store a new transaction, read one back, a customer's history.

Every read and write is one call per page: the handlers' AWS call budget (docs/functions.md) depends on it.
A new item carries `dayShard` (every item of a day, for the recompute) and `pendingShard` (only until it is
analysed: the report counts what is still pending from it), both `YYYY-MM-DD#k`.
"""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from fraud_adapters.dynamodb_codec import is_condition_failure, pages, plain, wire
from fraud_domain.history import PastTransaction
from fraud_domain.records import from_item, readable_history, to_item
from fraud_domain.sharding import day_shard
from fraud_domain.transaction import Transaction

DAY_SHARD, PENDING_SHARD, FLAGGED_SHARD = "dayShard", "pendingShard", "flaggedShard"
# What the rules read of a past transaction; placeholders because "timestamp" is a DynamoDB reserved word.
_HISTORY_NAMES = {
    "#id": "transactionId",
    "#ts": "timestamp",
    "#amount": "amount",
    "#cur": "currency",
    "#cty": "country",
}


class TransactionExists(Exception):
    """An item with this transactionId and timestamp is already stored."""

    def __init__(self, existing: Transaction) -> None:
        super().__init__(f"transaction {existing.transaction_id} already stored")
        self.existing = existing


def stored_item(transaction: Transaction, shard_count: int) -> dict[str, Any]:
    """The item a new transaction is stored as: its attributes and the keys of the day and pending indexes."""
    shard = day_shard(transaction.transaction_id, transaction.timestamp, shard_count)
    return to_item(transaction) | {DAY_SHARD: shard, PENDING_SHARD: shard}


def item_key(transaction: Transaction) -> dict[str, Any]:
    return wire({"transactionId": transaction.transaction_id, "timestamp": transaction.timestamp})


class TransactionsTable:
    def __init__(self, client: Any, table_name: str, customer_index: str, shard_count: int) -> None:
        self.client = client
        self.table_name = table_name
        self.customer_index = customer_index
        self.shard_count = shard_count

    def insert(self, transaction: Transaction) -> None:
        """PutItem that never overwrites; raises TransactionExists with the stored item instead."""
        try:
            self.client.put_item(
                TableName=self.table_name,
                Item=wire(stored_item(transaction, self.shard_count)),
                ConditionExpression="attribute_not_exists(transactionId)",
                ReturnValuesOnConditionCheckFailure="ALL_OLD",  # the existing item, without a second read
            )
        except ClientError as error:
            if is_condition_failure(error) and "Item" in error.response:
                raise TransactionExists(from_item(plain(error.response["Item"]))) from error
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
        return from_item(plain(items[0])) if items else None

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
            "ExpressionAttributeValues": wire({":customer": customer_id, ":since": since_ms, ":until": until_ms}),
        }
        return readable_history(plain(item) for page in pages(self.client, request) for item in page)
