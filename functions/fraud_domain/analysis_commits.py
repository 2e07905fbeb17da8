"""How a stream batch's analyses are written: grouped into atomic commits, each with every count it adds.

A commit holds, in one DynamoDB transaction, each transaction's own update (guarded by status = RECEIVED) and the
merged ADDs of the whole group: the day aggregates and the terminal/merchant counters. The guard makes the counts
exactly once: a transaction already analysed fails its condition, the commit is cancelled as a whole, and it is
retried without that transaction. So a retried or bisected batch, a replayed record, a crash between two commits or
a second analysis never adds twice, and a count is never added without its transaction's status changing with it.

DynamoDB allows 100 actions per transaction and no two actions on one item, so counts are merged per item first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from fraud_domain.day_aggregates import DayAggregate
from fraud_domain.risk_counters import CounterDelta, counter_keys, seen_deltas
from fraud_domain.sharding import day_of
from fraud_domain.transaction import Analysis, Transaction

MAX_ACTIONS = 100  # TransactWriteItems' limit


@dataclass(frozen=True, slots=True)
class AnalysedTransaction:
    transaction: Transaction
    analysis: Analysis


@dataclass
class CommitGroup:
    analysed: list[AnalysedTransaction] = field(default_factory=list)
    days: dict[date, DayAggregate] = field(default_factory=dict)
    counters: dict[str, dict[str, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, analysed: Iterable[AnalysedTransaction]) -> CommitGroup:
        group = cls()
        for entry in analysed:
            group.add(entry)
        return group

    def add(self, entry: AnalysedTransaction) -> None:
        self.analysed.append(entry)
        transaction = entry.transaction
        self.days.setdefault(day_of(transaction.timestamp), DayAggregate()).add(transaction)
        for delta in seen_deltas(transaction):
            attributes = self.counters.setdefault(delta.key, {})
            attributes[delta.attribute] = attributes.get(delta.attribute, 0) + delta.amount

    def actions(self) -> int:
        return len(self.analysed) + len(self.days) + len(self.counters)

    def actions_with(self, entry: AnalysedTransaction) -> int:
        transaction = entry.transaction
        new_day = day_of(transaction.timestamp) not in self.days
        new_counters = sum(key not in self.counters for key in counter_keys(transaction))
        return self.actions() + 1 + new_day + new_counters

    def counter_deltas(self) -> list[CounterDelta]:
        return [
            CounterDelta(key, attribute, amount)
            for key, attributes in self.counters.items()
            for attribute, amount in attributes.items()
        ]


def plan_commits(analysed: Sequence[AnalysedTransaction], max_actions: int = MAX_ACTIONS) -> list[CommitGroup]:
    """Consecutive analyses packed into as few commits as the action limit allows, in batch order."""
    groups: list[CommitGroup] = []
    current = CommitGroup()
    for entry in analysed:
        if current.analysed and current.actions_with(entry) > max_actions:
            groups.append(current)
            current = CommitGroup()
        current.add(entry)
    if current.analysed:
        groups.append(current)
    return groups
