"""The slow path: rebuild a day's aggregates from its items (repair, or backfill of data written before them).

Reads every key of the day from the keys-only day index and the items 100 at a time (BatchGetItem, consistent),
folds the analysed ones into one DayAggregate, and swaps it in for the day's shards in one transaction that
fails if any analysis was committed to the day meanwhile (then run it again). On the way it puts back the sparse
index keys items written before this design lack: `flaggedShard` on flagged items, `pendingShard` on pending ones,
each by a conditional UpdateItem that leaves an item alone if the analyzer changed it meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from botocore.exceptions import ClientError

from fraud_adapters.aggregates_table import AggregatesTable
from fraud_adapters.day_items import DayItems
from fraud_adapters.dynamodb_codec import is_condition_failure, wire
from fraud_adapters.transactions_table import DAY_SHARD, FLAGGED_SHARD, PENDING_SHARD
from fraud_domain.day_aggregates import DayAggregate
from fraud_domain.records import MalformedTransaction, from_item
from fraud_domain.transaction import Status


@dataclass
class RebuildResult:
    items: int = 0
    analysed: int = 0
    pending: int = 0
    unreadable: int = 0
    reindexed: int = 0


class DayRebuild:
    def __init__(
        self,
        client: Any,
        table_name: str,
        day_items: DayItems,
        aggregates: AggregatesTable,
        progress: Callable[[str], None],
    ) -> None:
        self.client = client
        self.table_name = table_name
        self.day_items = day_items
        self.aggregates = aggregates
        self.progress = progress

    def run(self, day: date) -> RebuildResult:
        seen = self.aggregates.day_shards(day)  # before the fold: a commit after this read makes the swap fail
        rebuilt, result = DayAggregate(), RebuildResult()
        for keys in self.day_items.key_pages(day):
            for start in range(0, len(keys), 100):
                for item in self.day_items.items(keys[start : start + 100]):
                    self._fold(item, rebuilt, result)
            self.progress(f"{day}: {result.items} items read, {result.analysed} analysed, {result.pending} pending")
        self.aggregates.replace_day(day, rebuilt, seen)
        return result

    def _fold(self, item: dict[str, Any], rebuilt: DayAggregate, result: RebuildResult) -> None:
        result.items += 1
        try:
            transaction = from_item(item)
        except MalformedTransaction:
            result.unreadable += 1
            return
        if transaction.analysis is None:
            result.pending += 1
            if PENDING_SHARD not in item:
                result.reindexed += self._reindex(item, PENDING_SHARD, Status.RECEIVED)
            return
        result.analysed += 1
        rebuilt.add(transaction)
        if transaction.analysis.risk_level.is_flagged and FLAGGED_SHARD not in item:
            result.reindexed += self._reindex(item, FLAGGED_SHARD, Status.ANALYZED)

    def _reindex(self, item: dict[str, Any], attribute: str, status: Status) -> bool:
        try:
            self.client.update_item(
                TableName=self.table_name,
                Key=wire({"transactionId": item["transactionId"], "timestamp": item["timestamp"]}),
                UpdateExpression="SET #index = :shard",
                ConditionExpression="#status = :status",
                ExpressionAttributeNames={"#index": attribute, "#status": "status"},
                ExpressionAttributeValues=wire({":shard": item[DAY_SHARD], ":status": str(status)}),
            )
        except ClientError as error:
            if is_condition_failure(error):
                return False  # analysed meanwhile: the analyzer set what it needed
            raise
        return True
