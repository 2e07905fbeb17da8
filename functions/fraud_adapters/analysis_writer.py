"""Commits a stream batch's analyses: one TransactWriteItems per commit group (fraud_domain.analysis_commits).

Each transaction's update is conditional on status = RECEIVED; its counts ride in the same transaction. A cancelled
commit names, action by action, why: a transaction already analysed (ConditionalCheckFailed) is dropped as done and
the rest is committed again; a conflict with another writer on a shared item (TransactionConflict) or throttling is
retried after a backoff on another aggregate shard. botocore fills ClientRequestToken, so its own retry of a call
whose answer was lost is idempotent too.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from botocore.exceptions import ClientError

from fraud_adapters.dynamodb_codec import backoff_seconds, cancellation_reasons, wire
from fraud_adapters.transactions_table import FLAGGED_SHARD, PENDING_SHARD, item_key
from fraud_domain.analysis_commits import MAX_ACTIONS, AnalysedTransaction, CommitGroup, plan_commits
from fraud_domain.day_aggregates import WRITES, DayAggregate, aggregate_key
from fraud_domain.records import analysis_attributes
from fraud_domain.risk_counters import attribute_day, expired_attributes
from fraud_domain.sharding import day_shard, shard_of
from fraud_domain.transaction import Status

_RETRIED = {"TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded", "RequestLimitExceeded"}


@dataclass
class CommitOutcome:
    applied: list[AnalysedTransaction] = field(default_factory=list)
    already_done: list[AnalysedTransaction] = field(default_factory=list)  # analysed by an earlier delivery
    failed: list[tuple[AnalysedTransaction, Exception]] = field(default_factory=list)
    conflicts: int = 0  # cancelled commits retried (another writer held a shared item)


class CommitFailed(Exception):
    """A commit group could not be written; its records are reported failed and Lambda delivers them again."""


class AnalysisWriter:
    def __init__(
        self,
        client: Any,
        table_name: str,
        aggregates_table: str,
        day_shard_count: int,
        aggregate_shard_count: int,
        max_attempts: int = 5,
        sleep: Callable[[float], None] = time.sleep,
        max_actions: int = MAX_ACTIONS,
    ) -> None:
        self.client = client
        self.table_name = table_name
        self.aggregates_table = aggregates_table
        self.day_shard_count = day_shard_count
        self.aggregate_shard_count = aggregate_shard_count
        self.max_attempts = max_attempts
        self.sleep = sleep
        self.max_actions = max_actions

    def commit(
        self, analysed: Sequence[AnalysedTransaction], stored_counters: Mapping[str, Mapping[str, Any]]
    ) -> CommitOutcome:
        """`stored_counters`: the counter items as read for this batch, whose expired days each write removes."""
        outcome = CommitOutcome()
        for group in plan_commits(analysed, self.max_actions):
            self._commit_group(group.analysed, stored_counters, outcome)
        return outcome

    def _commit_group(
        self, pending: list[AnalysedTransaction], stored: Mapping[str, Mapping[str, Any]], outcome: CommitOutcome
    ) -> None:
        attempt = 0
        while pending:
            group = CommitGroup.of(pending)
            try:
                self.client.transact_write_items(TransactItems=self.actions(group, attempt, stored))
            except ClientError as error:
                reasons = cancellation_reasons(error)
                done = [
                    entry for entry, reason in zip(pending, reasons, strict=False) if reason == "ConditionalCheckFailed"
                ]
                if done:  # a smaller commit each time: this loop ends
                    outcome.already_done += done
                    pending = [entry for entry in pending if entry not in done]
                    continue
                attempt += 1
                if set(reasons) & _RETRIED and attempt < self.max_attempts:
                    outcome.conflicts += "TransactionConflict" in reasons
                    self.sleep(backoff_seconds(attempt))
                    continue
                failure = CommitFailed(f"commit of {len(pending)} analyses failed: {reasons or error}")
                outcome.failed += [(entry, failure) for entry in pending]
                return
            outcome.applied += pending
            return

    def actions(
        self, group: CommitGroup, attempt: int, stored: Mapping[str, Mapping[str, Any]]
    ) -> list[dict[str, Any]]:
        # Items first, in group order: the cancellation reasons are read back by position.
        actions = [self._item_update(entry) for entry in group.analysed]
        # The aggregate shard: a different one on each retry, so two writers that collided part ways.
        shard = (shard_of(group.analysed[0].transaction.transaction_id, self.aggregate_shard_count) + attempt) % (
            self.aggregate_shard_count
        )
        actions += [self._aggregate_update(day, delta, shard) for day, delta in sorted(group.days.items())]
        actions += [
            self._counter_update(key, attributes, stored.get(key, {})) for key, attributes in group.counters.items()
        ]
        return actions

    def _item_update(self, entry: AnalysedTransaction) -> dict[str, Any]:
        transaction = entry.transaction
        attributes = committed_attributes(entry, self.day_shard_count)
        names = {f"#a{i}": name for i, name in enumerate(attributes)}
        values = {f":v{i}": value for i, value in enumerate(attributes.values())}
        return {
            "Update": {
                "TableName": self.table_name,
                "Key": item_key(transaction),
                # Leaving the pending index in the same write that counts it: pending + analysed never overlap.
                "UpdateExpression": "SET "
                + ", ".join(f"#a{i} = :v{i}" for i in range(len(attributes)))
                + " REMOVE #pending",
                "ConditionExpression": "#status = :received",
                "ExpressionAttributeNames": names | {"#status": "status", "#pending": PENDING_SHARD},
                "ExpressionAttributeValues": wire(values | {":received": str(Status.RECEIVED)}),
            }
        }

    def _aggregate_update(self, day: date, delta: DayAggregate, shard: int) -> dict[str, Any]:
        return _add_update(self.aggregates_table, aggregate_key(day, shard), delta.to_attributes() | {WRITES: 1})

    def _counter_update(self, key: str, deltas: dict[str, int], stored: Mapping[str, Any]) -> dict[str, Any]:
        newest = max(day for name in deltas if (day := attribute_day(name)) is not None)
        return _add_update(self.aggregates_table, key, deltas, expired_attributes(stored, newest, keep=deltas))


def committed_attributes(entry: AnalysedTransaction, day_shard_count: int) -> dict[str, Any]:
    """What a commit sets on the transaction's item (and it removes `pendingShard`)."""
    transaction = entry.transaction
    attributes = analysis_attributes(entry.analysis) | {"status": str(Status.ANALYZED)}
    if entry.analysis.risk_level.is_flagged:  # only flagged items enter the sparse flagged index
        attributes[FLAGGED_SHARD] = day_shard(transaction.transaction_id, transaction.timestamp, day_shard_count)
    return attributes


def _add_update(table: str, key: str, additions: Mapping[str, Any], removals: Sequence[str] = ()) -> dict[str, Any]:
    names = {f"#n{i}": name for i, name in enumerate(additions)}
    values = {f":n{i}": value for i, value in enumerate(additions.values())}
    expression = "ADD " + ", ".join(f"#n{i} :n{i}" for i in range(len(additions)))
    if removals:
        names |= {f"#r{i}": name for i, name in enumerate(removals)}
        expression += " REMOVE " + ", ".join(f"#r{i}" for i in range(len(removals)))
    return {
        "Update": {
            "TableName": table,
            "Key": {"pk": {"S": key}},
            "UpdateExpression": expression,
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": wire(values),
        }
    }
