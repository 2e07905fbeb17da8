"""A day's items through the sparse indexes: the flagged ones in time order, the pending ones, all keys.

Each index is keyed `YYYY-MM-DD#k` (k < shard count) and sorted by timestamp. The flagged items come back merged
across shards in (timestamp, transactionId) order, each shard read page by page in its own thread one page ahead,
so memory holds about two pages per shard whatever the day's size, and the shards' latencies overlap.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date
from typing import Any

from fraud_adapters.dynamodb_codec import batch_get, pages, plain
from fraud_domain.sharding import day_shards

PAGE_SIZE = 100  # items per Query page: memory holds at most 2 pages per shard, whatever the day


def _order(item: dict[str, Any]) -> tuple[Any, str]:
    return item["timestamp"], item["transactionId"]


class DayItems:
    def __init__(
        self,
        client: Any,
        table_name: str,
        flagged_index: str,
        pending_index: str,
        day_index: str,
        shard_count: int,
        page_size: int = PAGE_SIZE,
    ) -> None:
        self.client = client
        self.table_name = table_name
        self.flagged_index = flagged_index
        self.pending_index = pending_index
        self.day_index = day_index
        self.shard_count = shard_count
        self.page_size = page_size

    def _request(self, index: str, shard: str, key: str) -> dict[str, Any]:
        return {
            "TableName": self.table_name,
            "IndexName": index,
            "KeyConditionExpression": "#shard = :shard",
            "ExpressionAttributeNames": {"#shard": key},
            "ExpressionAttributeValues": {":shard": {"S": shard}},
            "Limit": self.page_size,
        }

    def flagged_in_order(self, day: date) -> Iterator[dict[str, Any]]:
        """Every flagged item of the day, in (timestamp, transactionId) order: the CSV's order."""
        shards = day_shards(day, self.shard_count)
        with ThreadPoolExecutor(max_workers=min(len(shards), 16), thread_name_prefix="flagged") as pool:
            streams = [
                _ties_sorted(
                    _prefetched(pool, pages(self.client, self._request(self.flagged_index, shard, "flaggedShard")))
                )
                for shard in shards
            ]
            try:
                yield from heapq.merge(*streams, key=_order)
            finally:
                for stream in streams:
                    stream.close()

    def pending(self, day: date) -> Iterator[dict[str, Any]]:
        """The day's items not analysed yet (stream behind, or records that failed for good), any order."""
        for shard in day_shards(day, self.shard_count):
            for page in pages(self.client, self._request(self.pending_index, shard, "pendingShard")):
                yield from (plain(item) for item in page)

    def key_pages(self, day: date) -> Iterator[list[dict[str, Any]]]:
        """Every item key of the day from the keys-only day index, a page at a time (the recompute's slow path)."""
        for shard in day_shards(day, self.shard_count):
            for page in pages(self.client, self._request(self.day_index, shard, "dayShard") | {"Limit": 1000}):
                yield [{"transactionId": item["transactionId"], "timestamp": item["timestamp"]} for item in page]

    def items(self, keys: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The full items of these keys, read consistently, 100 per BatchGetItem."""
        return [plain(item) for item in batch_get(self.client, self.table_name, keys, consistent=True)]


def _prefetched(pool: ThreadPoolExecutor, source: Iterator[list[dict[str, Any]]]) -> Iterator[dict[str, Any]]:
    """The items of `source`'s pages, the next page fetched in `pool` while this one is consumed."""
    upcoming: Future[list[dict[str, Any]] | None] = pool.submit(next, source, None)
    while (page := upcoming.result()) is not None:
        upcoming = pool.submit(next, source, None)
        yield from (plain(item) for item in page)


def _ties_sorted(items: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Items sorted by timestamp, with each run of equal timestamps sorted by id (an index leaves ties unordered)."""
    run: list[dict[str, Any]] = []
    for item in items:
        if run and item["timestamp"] != run[0]["timestamp"]:
            yield from sorted(run, key=_order)
            run = []
        run.append(item)
    yield from sorted(run, key=_order)
