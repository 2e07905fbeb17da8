"""Lambda's handling of one stream batch: partial failures, bisection, retries, record age, in order."""

from __future__ import annotations

import pytest

from fraudctl.local.lambda_.pool import STOPPED, FunctionError, Invocation
from fraudctl.local.streams.batches import (
    RECORD_TOO_OLD,
    RETRIES_EXHAUSTED,
    DeliveryPolicy,
    Discarded,
    StreamStopped,
    deliver,
)
from fraudctl.local.streams.records import StreamRecord

NOW = 1_800_000_000.0
POLICY = DeliveryPolicy(bisect_on_error=True, max_retries=2, max_record_age_s=3600, report_batch_item_failures=True)


def _records(*names: str, age_s: float = 0) -> list[StreamRecord]:
    return [StreamRecord("shard-1", str(100 + i), NOW - age_s, {"id": name}) for i, name in enumerate(names)]


class StandIn:
    """A function that fails on `poison` records (whole batch) and reports `flaky` ones once."""

    def __init__(self) -> None:
        self.batches: list[list[str]] = []
        self.reported: set[str] = set()

    def __call__(self, batch: list[StreamRecord]) -> Invocation:
        names = [r.record["id"] for r in batch]
        self.batches.append(names)
        if "poison" in names:
            return Invocation("fn", f"req-{len(self.batches)}", error=FunctionError("ValueError", "poison"))
        failures = [
            {"itemIdentifier": r.sequence_number}
            for r in batch
            if r.record["id"] == "flaky" and "flaky" not in self.reported
        ]
        self.reported |= {"flaky"} if failures else set()
        return Invocation("fn", f"req-{len(self.batches)}", payload={"batchItemFailures": failures})


def _deliver(records, policy=POLICY, function=None):
    function, discarded = function or StandIn(), []
    deliver(records, policy, function, discarded.append, wait=lambda s: False, now=lambda: NOW)
    return function, discarded


def test_a_batch_that_succeeds_is_delivered_once():
    function, discarded = _deliver(_records("a", "b"))
    assert function.batches == [["a", "b"]] and discarded == []


def test_a_partial_failure_retries_from_the_lowest_failed_record():
    function, discarded = _deliver(_records("a", "flaky", "c"))
    assert function.batches == [["a", "flaky", "c"], ["flaky", "c"]] and discarded == []


def test_a_function_error_bisects_until_the_poison_record_is_alone_then_retries_and_discards_it():
    function, discarded = _deliver(_records("a", "b", "poison", "d"))

    assert function.batches == [
        ["a", "b", "poison", "d"],
        ["a", "b"],
        ["poison", "d"],
        ["poison"],
        ["poison"],
        ["poison"],  # the first try alone, then max_retries (2) retries
        ["d"],
    ]
    [gone] = discarded
    assert [r.record["id"] for r in gone.records] == ["poison"]
    assert gone.condition == RETRIES_EXHAUSTED and gone.invoke_count == 5
    assert gone.last_invocation is not None and gone.last_invocation.error.error_type == "ValueError"


def test_without_bisection_the_whole_batch_is_retried_then_discarded():
    policy = DeliveryPolicy(max_retries=1, report_batch_item_failures=True)
    function, discarded = _deliver(_records("a", "poison"), policy)
    assert function.batches == [["a", "poison"], ["a", "poison"]]
    assert [r.record["id"] for r in discarded[0].records] == ["a", "poison"]


def test_records_older_than_the_maximum_age_are_discarded_without_an_invocation():
    function, discarded = _deliver(_records("old", age_s=7200))
    assert function.batches == [] and discarded[0].condition == RECORD_TOO_OLD and discarded[0].invoke_count == 0


def test_an_unknown_item_identifier_fails_the_whole_batch():
    bad = lambda batch: Invocation("fn", "r", payload={"batchItemFailures": [{"itemIdentifier": "999"}]})  # noqa: E731
    policy = DeliveryPolicy(max_retries=0, report_batch_item_failures=True)
    _, discarded = _deliver(_records("a"), policy, bad)
    assert discarded[0].condition == RETRIES_EXHAUSTED


def test_item_failures_are_ignored_unless_the_mapping_reports_them():
    function, discarded = _deliver(_records("a", "flaky"), DeliveryPolicy(max_retries=0))
    assert function.batches == [["a", "flaky"]] and discarded == []


def test_stopping_leaves_the_batch_neither_processed_nor_discarded():
    stopped = lambda batch: Invocation("fn", "r", error=FunctionError(STOPPED, "stopping"))  # noqa: E731
    discarded: list[Discarded] = []
    with pytest.raises(StreamStopped):
        deliver(_records("a"), POLICY, stopped, discarded.append, wait=lambda s: False, now=lambda: NOW)
    assert discarded == []
