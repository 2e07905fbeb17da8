"""What Lambda does with one batch of a stream shard: invoke, then retry, bisect or give up, record order kept.

- A function error (exception, timeout, crash, or an unreadable partial batch response) with bisect on splits the
  batch in two and tries each half in order; splitting does not count as a retry.
- A partial batch response ({"batchItemFailures": [{"itemIdentifier": <sequence number>}]}, honoured only with
  ReportBatchItemFailures) checkpoints before the lowest failed record and retries from it: later records that
  succeeded are delivered again, as in AWS.
- After max_retries retries, or once a record is older than max_record_age_s, the records are discarded: handed to
  `discard` (the on-failure destination) and the shard moves on.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from fraudctl.local.lambda_ import STOPPED, Invocation
from fraudctl.local.streams.records import StreamRecord

RETRIES_EXHAUSTED = "RetryAttemptsExhausted"
RECORD_TOO_OLD = "RecordAgeExceeded"
_WHOLE_BATCH = -1


class StreamStopped(Exception):
    """Local mode is stopping: the batch is neither processed nor discarded (AWS would deliver it again)."""


@dataclass(frozen=True)
class DeliveryPolicy:
    bisect_on_error: bool = False
    max_retries: int | None = None  # None: until the record expires
    max_record_age_s: int | None = None
    report_batch_item_failures: bool = False
    retry_delay_s: float = 0.1  # doubled per retry, up to max_retry_delay_s
    max_retry_delay_s: float = 2.0


@dataclass(frozen=True)
class Discarded:
    records: list[StreamRecord]
    condition: str  # RETRIES_EXHAUSTED or RECORD_TOO_OLD
    invoke_count: int
    last_invocation: Invocation | None


@dataclass(frozen=True)
class _Attempt:
    records: list[StreamRecord]
    retries: int = 0
    invoke_count: int = 0
    last: Invocation | None = None


def deliver(
    records: list[StreamRecord],
    policy: DeliveryPolicy,
    invoke: Callable[[list[StreamRecord]], Invocation],
    discard: Callable[[Discarded], None],
    wait: Callable[[float], bool],
    now: Callable[[], float] = time.time,
) -> None:
    """Returns once every record was processed or discarded. `wait(s)` sleeps and returns True to stop early."""
    pending = deque([_Attempt(records)])
    while pending:
        attempt = pending.popleft()
        batch = attempt.records
        if policy.max_record_age_s is not None:
            cutoff = now() - policy.max_record_age_s
            expired = [r for r in batch if r.created_at < cutoff]
            if expired:
                discard(Discarded(expired, RECORD_TOO_OLD, attempt.invoke_count, attempt.last))
                batch = [r for r in batch if r.created_at >= cutoff]
            if not batch:
                continue
        result = invoke(batch)
        if result.error is not None and result.error.error_type == STOPPED:
            raise StreamStopped
        count = attempt.invoke_count + 1
        failed_at = first_failure(result, batch, policy.report_batch_item_failures)
        if failed_at is None:
            continue
        if failed_at == _WHOLE_BATCH and policy.bisect_on_error and len(batch) > 1:
            middle = len(batch) // 2
            pending.extendleft(
                [
                    _Attempt(batch[middle:], attempt.retries, count, result),
                    _Attempt(batch[:middle], attempt.retries, count, result),
                ]
            )
            continue
        remaining = batch if failed_at == _WHOLE_BATCH else batch[failed_at:]
        if policy.max_retries is not None and attempt.retries >= policy.max_retries:
            discard(Discarded(remaining, RETRIES_EXHAUSTED, count, result))
            continue
        if wait(min(policy.max_retry_delay_s, policy.retry_delay_s * 2**attempt.retries)):
            raise StreamStopped
        pending.appendleft(_Attempt(remaining, attempt.retries + 1, count, result))


def first_failure(result: Invocation, batch: list[StreamRecord], partial_responses: bool) -> int | None:
    """None: the batch succeeded; an index: retry from that record; _WHOLE_BATCH: the batch failed as a whole."""
    if result.error is not None:
        return _WHOLE_BATCH
    if not partial_responses or result.payload is None:
        return None
    if not isinstance(result.payload, dict):
        return _WHOLE_BATCH
    failures = result.payload.get("batchItemFailures")
    if not failures:
        return None  # null or empty list: complete success
    positions = {record.sequence_number: index for index, record in enumerate(batch)}
    indexes = []
    for failure in failures if isinstance(failures, list) else [failures]:
        identifier = failure.get("itemIdentifier") if isinstance(failure, dict) else None
        if not identifier or identifier not in positions:
            return _WHOLE_BATCH  # empty, null or unknown identifier: Lambda treats the batch as a complete failure
        indexes.append(positions[identifier])
    return min(indexes)
