"""The aggregates table: the days' aggregate shards and the terminal/merchant counters, one item per key `pk`."""

from __future__ import annotations

from datetime import date
from typing import Any

from botocore.exceptions import ClientError

from fraud_adapters.dynamodb_codec import batch_get, cancellation_reasons, plain, wire
from fraud_domain.day_aggregates import WRITES, DayAggregate, aggregate_keys


class DayChangedDuringRebuild(Exception):
    """An analysis was committed to the day while it was being rebuilt: run the rebuild again."""


class AggregatesTable:
    def __init__(self, client: Any, table_name: str, shard_count: int) -> None:
        self.client = client
        self.table_name = table_name
        self.shard_count = shard_count

    def counters(self, keys: list[str]) -> dict[str, dict[str, Any]]:
        """The counter items of these keys (missing ones left out), one BatchGetItem per 100 keys."""
        found = batch_get(self.client, self.table_name, [{"pk": {"S": key}} for key in keys])
        return {item["pk"]: item for item in (plain(raw) for raw in found)}

    def day_shards(self, day: date) -> dict[str, dict[str, Any]]:
        """Every aggregate shard of the day that was ever written, read consistently (a report is a snapshot)."""
        keys = [{"pk": {"S": key}} for key in aggregate_keys(day, self.shard_count)]
        found = batch_get(self.client, self.table_name, keys, consistent=True)
        return {item["pk"]: item for item in (plain(raw) for raw in found)}

    def day(self, day: date) -> list[DayAggregate]:
        return [DayAggregate.from_attributes(attributes) for attributes in self.day_shards(day).values()]

    def replace_day(self, day: date, rebuilt: DayAggregate, seen: dict[str, dict[str, Any]]) -> None:
        """Writes a rebuilt day as shard 0 and deletes the other shards, only if no shard changed since `seen`.

        Every analysis commit adds 1 to its shard's `writes`; conditioning each shard on the value read before the
        items were folded makes the swap atomic against the analyzer (one transaction of at most 100 actions).
        """
        actions: list[dict[str, Any]] = []
        for index, key in enumerate(aggregate_keys(day, self.shard_count)):
            target = {"TableName": self.table_name, **_unchanged(seen.get(key))}
            if index == 0:
                writes = int(seen.get(key, {}).get(WRITES, 0)) + 1
                item = {"pk": key} | rebuilt.to_attributes() | {WRITES: writes}
                actions.append({"Put": target | {"Item": wire(item)}})
            else:
                kind = "Delete" if key in seen else "ConditionCheck"  # a shard that appears meanwhile fails it too
                actions.append({kind: target | {"Key": {"pk": {"S": key}}}})
        try:
            self.client.transact_write_items(TransactItems=actions)  # shard_count <= 100: one atomic swap
        except ClientError as error:
            if "ConditionalCheckFailed" in cancellation_reasons(error):
                raise DayChangedDuringRebuild(day.isoformat()) from error
            raise


def _unchanged(seen: dict[str, Any] | None) -> dict[str, Any]:
    """The condition that a shard is still as read: absent, or with the same count of commits."""
    if seen is None:
        return {"ConditionExpression": "attribute_not_exists(pk)"}
    return {
        "ConditionExpression": "#writes = :writes",
        "ExpressionAttributeNames": {"#writes": WRITES},
        "ExpressionAttributeValues": wire({":writes": seen.get(WRITES, 0)}),
    }
