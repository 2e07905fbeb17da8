"""The event source mapping's poller: reads the table's stream shards and hands batches to `deliver`.

Polling costs moto a few milliseconds of CPU per call, so the poller polls every `interval_s` (25 ms) while records
flow or right after `wake()` (the local API calls it after each integration), and every `idle_interval_s` when
nothing happened for `hot_s`. It never waits for the mapping's batching window unless asked: locally a record
reaches the function within one poll, where AWS may wait up to MaximumBatchingWindowInSeconds.

moto quirk: after a cancelled TransactWriteItems moto replaces the table and its stream shard, and an existing
NextShardIterator sees no later record. So when a shard has been quiet for `refresh_s`, its iterator is rebuilt
from the checkpoint (AFTER_SEQUENCE_NUMBER), which does see them.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from botocore.exceptions import ClientError

from fraudctl.local.lambda_ import Invocation
from fraudctl.local.logs import LogSink
from fraudctl.local.streams.batches import DeliveryPolicy, Discarded, StreamStopped, deliver
from fraudctl.local.streams.event_filter import matches_any
from fraudctl.local.streams.records import StreamRecord, lambda_record
from fraudctl.local.topology import StreamMapping


@dataclass(frozen=True)
class PollSettings:
    interval_s: float = 0.025
    idle_interval_s: float = 0.25
    hot_s: float = 2.0
    refresh_s: float = 1.0
    honour_batching_window: bool = False
    retry_delay_s: float = 0.1


@dataclass
class StreamStats:
    records_read: int = 0
    records_filtered_out: int = 0
    invocations: int = 0
    records_discarded: int = 0


@dataclass
class _Shard:
    shard_id: str
    iterator: str | None = None
    checkpoint: str | None = None  # the last record handled: delivered, discarded or filtered out
    refreshed_at: float = 0.0
    buffer: list[StreamRecord] = field(default_factory=list)  # matching records waiting for the batching window
    buffer_since: float = 0.0


class StreamPoller:
    def __init__(
        self,
        mapping: StreamMapping,
        streams: Any,
        stream_arn: str,
        region: str,
        invoke: Callable[[list[StreamRecord]], Invocation],
        discard: Callable[[Discarded], None],
        log: LogSink,
        settings: PollSettings | None = None,
    ) -> None:
        self.mapping, self.stream_arn, self.stats = mapping, stream_arn, StreamStats()
        self._streams, self._region, self._invoke, self._discard, self._log = streams, region, invoke, discard, log
        self._settings = settings or PollSettings()
        self._policy = DeliveryPolicy(
            bisect_on_error=mapping.bisect_on_error,
            max_retries=mapping.max_retries,
            max_record_age_s=mapping.max_record_age_s,
            report_batch_item_failures=mapping.report_batch_item_failures,
            retry_delay_s=self._settings.retry_delay_s,
        )
        self._shards: dict[str, _Shard] = {}
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"stream-{mapping.table_name}", daemon=True)

    def start(self) -> StreamPoller:
        self._discover_shards()
        self._thread.start()
        return self

    def wake(self) -> None:
        """Something may just have written to the table: poll now, and keep polling fast for a while."""
        self._wake.set()

    def request_stop(self) -> None:
        self._stop.set()
        self._wake.set()

    def stop(self) -> None:
        self.request_stop()
        if self._thread.is_alive():
            self._thread.join(timeout=10)

    def _run(self) -> None:
        last_activity = time.monotonic()
        while not self._stop.is_set():
            try:
                if self._poll_once():
                    last_activity = time.monotonic()
            except StreamStopped:
                return
            except Exception as err:  # a poller that dies quietly would look like a function that never runs
                if self._stop.is_set():
                    return
                self._log.write(f"stream {self.mapping.table_name}: poll failed, retrying: {type(err).__name__}: {err}")
                self._stop.wait(self._settings.idle_interval_s)
            hot = time.monotonic() - last_activity < self._settings.hot_s
            if self._wake.wait(self._settings.interval_s if hot else self._settings.idle_interval_s):
                self._wake.clear()
                last_activity = time.monotonic()

    def _discover_shards(self) -> None:
        description = self._streams.describe_stream(StreamArn=self.stream_arn)["StreamDescription"]
        for shard in description["Shards"]:
            self._shards.setdefault(shard["ShardId"], _Shard(shard["ShardId"]))

    def _poll_once(self) -> bool:
        found = False
        for shard in list(self._shards.values()):
            records = self._read(shard)
            found = found or bool(records)
            matching = [r for r in records if matches_any(self.mapping.filter_patterns, r.record)]
            shard.buffer += matching
            self.stats.records_read += len(records)
            self.stats.records_filtered_out += len(records) - len(matching)
            if records and not shard.buffer:
                shard.checkpoint = records[-1].sequence_number  # filtered-out records are consumed too
            if records and shard.buffer and not shard.buffer_since:
                shard.buffer_since = time.monotonic()
            self._deliver_ready(shard, records[-1].sequence_number if records else None)
        return found

    def _read(self, shard: _Shard) -> list[StreamRecord]:
        quiet = time.monotonic() - shard.refreshed_at >= self._settings.refresh_s
        if shard.iterator is None or (quiet and not shard.buffer):
            shard.iterator = self._fresh_iterator(shard)
            shard.refreshed_at = time.monotonic()
        try:
            response = self._streams.get_records(ShardIterator=shard.iterator, Limit=1000)
        except ClientError as err:
            if err.response.get("Error", {}).get("Code") in ("ExpiredIteratorException", "TrimmedDataAccessException"):
                shard.iterator = None
                return []
            raise
        shard.iterator = response.get("NextShardIterator")
        records = [lambda_record(raw, shard.shard_id, self._region, self.stream_arn) for raw in response["Records"]]
        if records:
            shard.refreshed_at = time.monotonic()  # the iterator works: no need to rebuild it
        return records

    def _fresh_iterator(self, shard: _Shard) -> str:
        # Before any record was seen, a rebuild starts where the mapping starts (TRIM_HORIZON here: nothing is lost).
        position: dict[str, str] = {"ShardIteratorType": self.mapping.starting_position}
        if shard.checkpoint is not None:
            position = {"ShardIteratorType": "AFTER_SEQUENCE_NUMBER", "SequenceNumber": shard.checkpoint}
        response = self._streams.get_shard_iterator(StreamArn=self.stream_arn, ShardId=shard.shard_id, **position)
        return response["ShardIterator"]

    def _deliver_ready(self, shard: _Shard, read_up_to: str | None) -> None:
        window = self.mapping.batching_window_s if self._settings.honour_batching_window else 0.0
        while shard.buffer:
            full = len(shard.buffer) >= self.mapping.batch_size
            if not full and time.monotonic() - shard.buffer_since < window:
                return
            batch, shard.buffer = shard.buffer[: self.mapping.batch_size], shard.buffer[self.mapping.batch_size :]
            deliver(batch, self._policy, self._counted_invoke, self._counted_discard, self._stop.wait)
            shard.checkpoint = batch[-1].sequence_number if shard.buffer else (read_up_to or batch[-1].sequence_number)
            shard.buffer_since = time.monotonic() if shard.buffer else 0.0

    def _counted_discard(self, discarded: Discarded) -> None:
        self.stats.records_discarded += len(discarded.records)
        self._discard(discarded)

    def _counted_invoke(self, batch: list[StreamRecord]) -> Invocation:
        self.stats.invocations += 1
        result = self._invoke(batch)
        failures = result.payload.get("batchItemFailures") if isinstance(result.payload, dict) else None
        outcome = f"{result.error.error_type}: {result.error.message}" if result.error else "ok"
        outcome = f"{len(failures)} records reported failed" if failures else outcome
        first, last = batch[0].sequence_number, batch[-1].sequence_number
        self._log.write(f"stream {self.mapping.table_name}: {len(batch)} records ({first}..{last}) -> {outcome}")
        return result
