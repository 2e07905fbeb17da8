"""Terminal and merchant risk: per-day counters of transactions seen and frauds confirmed, and what rules read.

One counter item per terminal (`terminal#T-3156`) and per merchant (`merchant#M-17`), one attribute per UTC day:
`nYYYYMMDD` counts the transactions that happened there that day (added once, when the analysis is committed);
`fYYYYMMDD` counts the transactions currently confirmed as fraud whose fraud label became known that day (frauds the
card's own evidence explains are the card's, not the place's: fraud_domain.attribution). A label counts from when it
arrived: a rule at time t reads the days up to t's own day, so it never sees a fraud before its label arrived.
Clearing a fraud takes it back out of the day it was counted on (every window stays >= 0).

Everything here is pure: the analyzer and the label endpoint turn these deltas into atomic ADDs; the benchmark
harness applies the same deltas to `InMemoryCounters`, so both compute identical snapshots.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Any

from fraud_domain.labels import Label
from fraud_domain.sharding import day_of
from fraud_domain.transaction import Transaction

RETENTION_DAYS = 45  # attributes older than this (before the newest day written) are removed on the next write
SEEN, FRAUDS = "n", "f"


class Scope(StrEnum):
    TERMINAL = "terminal"
    MERCHANT = "merchant"


@dataclass(frozen=True, slots=True)
class CounterDelta:
    key: str  # the counter item, e.g. "terminal#T-3156"
    attribute: str  # e.g. "n20240501"
    amount: int


def counter_key(scope: Scope, identifier: str) -> str:
    return f"{scope}#{identifier}"


def counter_keys(transaction: Transaction) -> tuple[str, ...]:
    """The counter items a transaction touches: its terminal's and its merchant's, when it names them."""
    keys = []
    if transaction.terminal_id is not None:
        keys.append(counter_key(Scope.TERMINAL, transaction.terminal_id))
    if transaction.merchant_id is not None:
        keys.append(counter_key(Scope.MERCHANT, transaction.merchant_id))
    return tuple(keys)


def day_attribute(kind: str, day: date) -> str:
    return f"{kind}{day:%Y%m%d}"


def attribute_day(name: str) -> date | None:
    """The day of a counter attribute ("n20240501" -> 2024-05-01), None for any other attribute."""
    parsed = _attribute_day(name)
    return parsed[1] if parsed else None


@lru_cache(maxsize=4096)
def _attribute_day(name: str) -> tuple[str, date] | None:
    kind, digits = name[:1], name[1:]
    if kind not in (SEEN, FRAUDS) or len(digits) != 8 or not digits.isdigit():
        return None
    try:
        return kind, datetime.strptime(digits, "%Y%m%d").date()
    except ValueError:
        return None


def seen_deltas(transaction: Transaction) -> tuple[CounterDelta, ...]:
    """An analysed transaction: one more transaction seen on its own UTC day at its terminal and merchant."""
    attribute = day_attribute(SEEN, day_of(transaction.timestamp))
    return tuple(CounterDelta(key, attribute, 1) for key in counter_keys(transaction))


def label_deltas(transaction: Transaction, previous: Label | None, label: Label) -> tuple[CounterDelta, ...]:
    """What a label change does to the counters: +1 on the day a fraud became known, -1 there when it is cleared.

    The same outcome again (or only another source) moves nothing, nor does a fraud explained by the card
    (fraud_domain.attribution): it was never counted at the transaction's terminal and merchant.
    """
    was_fraud = previous is not None and previous.fraud
    if label.fraud == was_fraud:
        return ()
    known = label if label.fraud else previous
    assert known is not None and known.fraud_known_since is not None  # a fraud label always has one
    if known.explained_by_card:
        return ()
    attribute = day_attribute(FRAUDS, _iso_day(known.fraud_known_since))
    amount = 1 if label.fraud else -1
    return tuple(CounterDelta(key, attribute, amount) for key in counter_keys(transaction))


def _iso_day(moment: str) -> date:
    return datetime.fromisoformat(moment.replace("Z", "+00:00")).date()


@dataclass(frozen=True, slots=True)
class RiskWindow:
    """What a rule reads: a terminal's (or merchant's) figures over `days` UTC days ending on the scored day."""

    key: str
    days: int
    transactions: int
    confirmed_frauds: int

    @property
    def identifier(self) -> str:
        return self.key.split("#", 1)[1]

    @property
    def fraud_rate(self) -> float:
        return self.confirmed_frauds / self.transactions if self.transactions else 0.0


@dataclass(frozen=True)
class RiskCounters:
    """One counter item as stored: transactions seen and frauds known, by UTC day."""

    key: str
    seen: Mapping[date, int] = field(default_factory=dict)
    frauds: Mapping[date, int] = field(default_factory=dict)

    @classmethod
    def from_attributes(cls, key: str, attributes: Mapping[str, Any]) -> RiskCounters:
        by_kind: dict[str, dict[date, int]] = {SEEN: {}, FRAUDS: {}}
        for name, value in attributes.items():
            parsed = _attribute_day(name)
            if parsed is not None:
                by_kind[parsed[0]][parsed[1]] = int(value)
        return cls(key, by_kind[SEEN], by_kind[FRAUDS])

    def window(self, at_ms: int, days: int) -> RiskWindow:
        """The `days` UTC days up to and including the day of `at_ms`: frauds known by then, transactions seen."""
        last = day_of(at_ms)
        first = last - timedelta(days=days - 1)
        seen = sum(n for day, n in self.seen.items() if first <= day <= last)
        frauds = sum(n for day, n in self.frauds.items() if first <= day <= last)
        return RiskWindow(self.key, days, seen, max(frauds, 0))

    def seen_between(self, first: date, last: date) -> int:
        """Transactions seen on the UTC days first..last (both included)."""
        return sum(self.seen.get(day, 0) for day in _days(first, last))

    def frauds_between(self, first: date, last: date) -> int:
        """Frauds whose label became known on the UTC days first..last (both included), never below 0."""
        return max(sum(self.frauds.get(day, 0) for day in _days(first, last)), 0)

    def fraud_days(self, first: date, last: date) -> list[date]:
        """The days first..last on which frauds became known (net of any cleared since), oldest first."""
        return sorted(day for day, n in self.frauds.items() if n > 0 and first <= day <= last)

    def with_seen(self, extra: Iterable[Transaction]) -> RiskCounters:
        """These counters plus transactions not committed yet (earlier ones of the same stream batch)."""
        seen = dict(self.seen)
        for transaction in extra:
            day = day_of(transaction.timestamp)
            seen[day] = seen.get(day, 0) + 1
        return RiskCounters(self.key, seen, self.frauds)


def _days(first: date, last: date) -> Iterable[date]:
    return (first + timedelta(days=offset) for offset in range((last - first).days + 1))


@dataclass(frozen=True)
class RiskEvidence:
    """The counters a transaction's rules may read (None: the transaction names no terminal / merchant)."""

    terminal: RiskCounters | None = None
    merchant: RiskCounters | None = None


NO_EVIDENCE = RiskEvidence()


def evidence_for(transaction: Transaction, counters: Mapping[str, RiskCounters]) -> RiskEvidence:
    def of(scope: Scope, identifier: str | None) -> RiskCounters | None:
        if identifier is None:
            return None
        key = counter_key(scope, identifier)
        return counters.get(key) or RiskCounters(key)

    return RiskEvidence(of(Scope.TERMINAL, transaction.terminal_id), of(Scope.MERCHANT, transaction.merchant_id))


def expired_attributes(attributes: Iterable[str], newest: date, keep: Iterable[str] = ()) -> list[str]:
    """Day attributes older than RETENTION_DAYS before `newest`, to REMOVE in the same write (never one in `keep`)."""
    cutoff = newest - timedelta(days=RETENTION_DAYS)
    kept = set(keep)
    return sorted(
        name
        for name in attributes
        if name not in kept and (parsed := _attribute_day(name)) is not None and parsed[1] < cutoff
    )


class InMemoryCounters:
    """The counter store as a dict, for the benchmark harness and tests: the same deltas, the same snapshots.

    Each item is also kept parsed by day, so a read costs no parsing (the replay reads one for every transaction).
    """

    def __init__(self) -> None:
        self.items: defaultdict[str, defaultdict[str, int]] = defaultdict(lambda: defaultdict(int))
        self._by_day: dict[str, tuple[dict[date, int], dict[date, int]]] = {}

    def apply(self, deltas: Iterable[CounterDelta]) -> None:
        for delta in deltas:
            self.items[delta.key][delta.attribute] += delta.amount
            parsed = _attribute_day(delta.attribute)
            if parsed is not None:
                seen, frauds = self._by_day.setdefault(delta.key, ({}, {}))
                by_day = seen if parsed[0] == SEEN else frauds
                by_day[parsed[1]] = by_day.get(parsed[1], 0) + delta.amount

    def counters(self, key: str) -> RiskCounters:
        """A snapshot of one item, as `RiskCounters.from_attributes` reads it from the table."""
        seen, frauds = self._by_day.get(key, ({}, {}))
        return RiskCounters(key, dict(seen), dict(frauds))

    def live(self, key: str) -> RiskCounters:
        """The item without a copy: cheaper than a snapshot, but it moves with every later `apply`."""
        seen, frauds = self._by_day.get(key, ({}, {}))
        return RiskCounters(key, seen, frauds)

    def evidence(self, transaction: Transaction) -> RiskEvidence:
        return evidence_for(transaction, {key: self.live(key) for key in counter_keys(transaction)})
