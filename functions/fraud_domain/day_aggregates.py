"""A UTC day's aggregates of analysed transactions, kept as the day happens, write-sharded.

What the report needs that cannot come from the flagged transactions alone: how many were analysed, per currency the
count and exact decimal sum, and per hour the volume. Each is an atomic ADD on one of the day's shard items
(`day#2024-05-01#017`), so adding is commutative and a day's figures are the sum of its shards. Decimal places are a
set per currency (ADD on a number set is a union) because the report writes sums with the exponent Python's sum gives
(`0.5 + 0.5` is `1.0`), while DynamoDB returns normalised numbers (`1`).
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from fraud_domain.sharding import day_of
from fraud_domain.transaction import Transaction

ANALYSED, WRITES = "analysed", "writes"
COUNT, AMOUNT, PLACES, HOUR = "count#", "amount#", "places#", "hour#"
# DynamoDB numbers hold 38 digits; Python's default context rounds at 28. Sums of a day must stay exact.
EXACT = decimal.Context(prec=40, traps=[decimal.Inexact, decimal.Overflow, decimal.InvalidOperation])


def aggregate_key(day: date, shard: int) -> str:
    return f"day#{day.isoformat()}#{shard:03d}"


def aggregate_keys(day: date, shard_count: int) -> list[str]:
    return [aggregate_key(day, shard) for shard in range(shard_count)]


def decimal_places(amount: Decimal) -> int:
    return max(0, -amount.as_tuple().exponent)


@dataclass
class CurrencyTotal:
    transactions: int = 0
    amount: Decimal = Decimal(0)
    places: set[int] = field(default_factory=set)

    def add(self, transactions: int, amount: Decimal, places: Iterable[int]) -> None:
        self.transactions += transactions
        self.amount = EXACT.add(self.amount, amount)
        self.places.update(int(p) for p in places)

    def exact_amount(self) -> Decimal:
        """The sum as Python's sum of the amounts would spell it: as many decimals as the most precise amount."""
        return self.amount.quantize(Decimal(1).scaleb(-max(self.places, default=0)), context=EXACT)


@dataclass
class DayAggregate:
    """Analysed transactions of one UTC day (or the part of them one shard holds)."""

    analysed: int = 0
    by_currency: dict[str, CurrencyTotal] = field(default_factory=dict)
    hourly: list[int] = field(default_factory=lambda: [0] * 24)

    def add(self, transaction: Transaction) -> None:
        self.analysed += 1
        total = self.by_currency.setdefault(transaction.currency, CurrencyTotal())
        total.add(1, transaction.amount, [decimal_places(transaction.amount)])
        self.hourly[transaction.occurred_at.hour] += 1

    def merge(self, other: DayAggregate) -> None:
        self.analysed += other.analysed
        for currency, theirs in other.by_currency.items():
            self.by_currency.setdefault(currency, CurrencyTotal()).add(
                theirs.transactions, theirs.amount, theirs.places
            )
        self.hourly = [mine + theirs for mine, theirs in zip(self.hourly, other.hourly, strict=True)]

    def to_attributes(self) -> dict[str, Any]:
        """The ADD operands of this delta (zeros left out: an ADD of 0 would cost bytes and change nothing)."""
        attributes: dict[str, Any] = {ANALYSED: self.analysed}
        for currency, total in sorted(self.by_currency.items()):
            attributes[COUNT + currency] = total.transactions
            attributes[AMOUNT + currency] = total.amount
            attributes[PLACES + currency] = set(total.places)
        attributes |= {f"{HOUR}{hour:02d}": n for hour, n in enumerate(self.hourly) if n}
        return attributes

    @classmethod
    def from_attributes(cls, attributes: Mapping[str, Any]) -> DayAggregate:
        aggregate = cls(analysed=int(attributes.get(ANALYSED, 0)))
        for name, value in attributes.items():
            if name.startswith(COUNT):
                currency = name.removeprefix(COUNT)
                aggregate.by_currency.setdefault(currency, CurrencyTotal()).add(
                    int(value), Decimal(attributes.get(AMOUNT + currency, 0)), attributes.get(PLACES + currency, ())
                )
            elif name.startswith(HOUR):
                aggregate.hourly[int(name.removeprefix(HOUR))] += int(value)
        return aggregate

    @classmethod
    def of(cls, transactions: Iterable[Transaction]) -> DayAggregate:
        aggregate = cls()
        for transaction in transactions:
            aggregate.add(transaction)
        return aggregate


def deltas_by_day(transactions: Iterable[Transaction]) -> dict[date, DayAggregate]:
    """One delta per UTC day the transactions happened on (a batch around midnight touches two days)."""
    by_day: dict[date, DayAggregate] = {}
    for transaction in transactions:
        by_day.setdefault(day_of(transaction.timestamp), DayAggregate()).add(transaction)
    return by_day
