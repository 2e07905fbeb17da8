"""Stores a label on its transaction and, when the fraud outcome changes, moves the counters in the same write.

One write call: an UpdateItem when no counter moves (a new source for the same outcome, or a transaction without
terminal and merchant), else one TransactWriteItems (the item and its counters' ADDs). The item's update is
conditional on the label read before it, so a label is applied exactly once: a concurrent change of the same
transaction's label fails the condition (LabelConflict) instead of counting twice.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from botocore.exceptions import ClientError

from fraud_adapters.dynamodb_codec import backoff_seconds, cancellation_reasons, is_condition_failure, wire
from fraud_adapters.transactions_table import item_key
from fraud_domain.labels import LabelChange, label_attributes
from fraud_domain.risk_counters import label_deltas
from fraud_domain.transaction import Transaction


class LabelConflict(Exception):
    """The transaction's label changed between the read and the write: the client may retry."""


class LabelWriter:
    def __init__(
        self,
        client: Any,
        table_name: str,
        aggregates_table: str,
        max_attempts: int = 3,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.client = client
        self.table_name = table_name
        self.aggregates_table = aggregates_table
        self.max_attempts = max_attempts
        self.sleep = sleep

    def record(self, transaction: Transaction, change: LabelChange) -> None:
        update = self._item_update(transaction, change)
        deltas = label_deltas(transaction, change.previous, change.label)
        if not deltas:
            try:
                self.client.update_item(**update)
            except ClientError as error:
                if is_condition_failure(error):
                    raise LabelConflict(transaction.transaction_id) from error
                raise
            return
        counters = [
            {
                "Update": {
                    "TableName": self.aggregates_table,
                    "Key": {"pk": {"S": delta.key}},
                    "UpdateExpression": "ADD #day :amount",
                    "ExpressionAttributeNames": {"#day": delta.attribute},
                    "ExpressionAttributeValues": {":amount": {"N": str(delta.amount)}},
                }
            }
            for delta in deltas
        ]
        self._transact([{"Update": update}, *counters], transaction.transaction_id)

    def _transact(self, actions: list[dict[str, Any]], transaction_id: str) -> None:
        for attempt in range(1, self.max_attempts + 1):
            try:
                self.client.transact_write_items(TransactItems=actions)
                return
            except ClientError as error:
                reasons = cancellation_reasons(error)
                if reasons and reasons[0] == "ConditionalCheckFailed":
                    raise LabelConflict(transaction_id) from error
                if "TransactionConflict" not in reasons or attempt == self.max_attempts:
                    raise
                # The analyzer was committing the same terminal's counters: a short wait and the same write again.
                self.sleep(backoff_seconds(attempt))

    def _item_update(self, transaction: Transaction, change: LabelChange) -> dict[str, Any]:
        names = {"#label": "label"}
        values: dict[str, Any] = {":label": label_attributes(change.label)}
        if change.previous is None:
            names["#id"] = "transactionId"
            condition = "attribute_exists(#id) AND attribute_not_exists(#label)"
        else:
            previous = label_attributes(change.previous)
            names |= {"#fraud": "fraud", "#source": "source", "#at": "labelledAt"}
            values |= {":fraud": previous["fraud"], ":source": previous["source"], ":at": previous["labelledAt"]}
            condition = "#label.#fraud = :fraud AND #label.#source = :source AND #label.#at = :at"
        return {
            "TableName": self.table_name,
            "Key": item_key(transaction),
            "UpdateExpression": "SET #label = :label",
            "ConditionExpression": condition,
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": wire(values),
        }
