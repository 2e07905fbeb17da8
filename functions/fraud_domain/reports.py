"""The daily fraud report, built in one pass from what the day left behind, in bounded memory.

Inputs: the day's aggregate shards (every analysed transaction, counted as it was analysed), the transactions still
pending analysis (a day still open, or a stream behind), and the flagged transactions in time order (from the sparse
flagged index). Output: the same `fraud-report.json` and `flagged-transactions.csv` as when the report folded every
item of the day, byte for byte; the CSV leaves line by line as the flagged transactions stream in. Memory holds
counters per currency, hour, rule and level, plus the flagged customers' totals (a `FlaggedCustomers` store, which
the report generator keeps on disk).
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

from fraud_domain.currencies import format_amount
from fraud_domain.day_aggregates import CurrencyTotal, DayAggregate
from fraud_domain.transaction import RiskLevel, Transaction, iso_utc

CSV_COLUMNS = (
    "transactionId",
    "occurredAt",
    "timestamp",
    "customerId",
    "amount",
    "currency",
    "merchantId",
    "terminalId",
    "country",
    "channel",
    "fraudScore",
    "riskLevel",
    "reasons",
)
RATE_PLACES = Decimal("0.000001")
TOP = 10


def report_keys(day: date) -> tuple[str, str]:
    prefix = f"reports/{day:%Y/%m/%d}"
    return f"{prefix}/fraud-report.json", f"{prefix}/flagged-transactions.csv"


class FlaggedCustomers(Protocol):
    """Per (currency, customer) the flagged count and exact amount, ranked within each currency."""

    def add(self, currency: str, customer_id: str, amount: Decimal) -> None: ...

    def top(self, n: int) -> dict[str, list[dict[str, Any]]]: ...


class InMemoryFlaggedCustomers:
    """The ranking in a dict: memory grows with the day's flagged customers (tests, small days, the recompute)."""

    def __init__(self) -> None:
        self.totals: defaultdict[tuple[str, str], Decimal] = defaultdict(Decimal)
        self.counts: Counter[tuple[str, str]] = Counter()

    def add(self, currency: str, customer_id: str, amount: Decimal) -> None:
        self.totals[(currency, customer_id)] += amount
        self.counts[(currency, customer_id)] += 1

    def top(self, n: int) -> dict[str, list[dict[str, Any]]]:
        # Amounts in different currencies do not add up: rank customers within each currency.
        ranked: defaultdict[str, list[dict[str, Any]]] = defaultdict(list)
        for currency, customer in sorted(self.totals, key=lambda key: (key[0], -self.totals[key], key[1])):
            if len(ranked[currency]) < n:
                ranked[currency].append(
                    customer_entry(customer, self.counts[(currency, customer)], self.totals[(currency, customer)])
                )
        return dict(ranked)


def customer_entry(customer_id: str, flagged: int, amount: Decimal) -> dict[str, Any]:
    return {"customerId": customer_id, "flaggedTransactions": flagged, "flaggedAmount": amount}


class CsvLines:
    """CSV rows as text, one call per row, in the dialect the report has always used."""

    def __init__(self) -> None:
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\n")

    def line(self, values: Iterable[Any]) -> str:
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.writerow(values)
        return self._buffer.getvalue()


def csv_values(t: Transaction) -> tuple[Any, ...]:
    assert t.analysis is not None
    return (
        t.transaction_id,
        iso_utc(t.occurred_at),
        t.timestamp,
        t.customer_id,
        format_amount(t.amount, t.currency),
        t.currency,
        t.merchant_id or "",
        t.terminal_id or "",
        t.country or "",
        t.channel or "",
        t.analysis.score,
        str(t.analysis.risk_level),
        "|".join(reason.rule for reason in t.analysis.reasons),
    )


class DailyReportBuilder:
    def __init__(self, day: date, customers: FlaggedCustomers, top: int = TOP) -> None:
        self.day = day
        self.customers = customers
        self.top = top
        self.analysed = DayAggregate()  # from the aggregate shards
        self.pending = DayAggregate()  # stored, not analysed yet
        self.unreadable = 0
        self.flagged_levels: Counter[RiskLevel] = Counter()
        self.flagged_hours: Counter[int] = Counter()
        self.flagged_reasons: Counter[str] = Counter()
        self.flagged_counts: Counter[str] = Counter()
        self.flagged_amounts: defaultdict[str, Decimal] = defaultdict(Decimal)
        self._csv = CsvLines()

    def csv_header(self) -> str:
        return self._csv.line(CSV_COLUMNS)

    def add_aggregate(self, shard: DayAggregate) -> None:
        self.analysed.merge(shard)

    def add_pending(self, transaction: Transaction) -> None:
        self.pending.add(transaction)

    def add_unreadable(self, count: int = 1) -> None:
        self.unreadable += count

    def add_flagged(self, t: Transaction) -> str:
        """Counts one flagged transaction (they must come in time order) and returns its CSV line."""
        assert t.analysis is not None and t.analysis.risk_level.is_flagged
        self.flagged_levels[t.analysis.risk_level] += 1
        self.flagged_hours[t.occurred_at.hour] += 1
        self.flagged_reasons.update(reason.rule for reason in t.analysis.reasons)
        self.flagged_counts[t.currency] += 1
        self.flagged_amounts[t.currency] += t.amount
        self.customers.add(t.currency, t.customer_id, t.amount)
        return self._csv.line(csv_values(t))

    def summary(self) -> dict[str, Any]:
        analysed, pending = self.analysed.analysed, self.pending.analysed
        flagged = sum(self.flagged_levels.values())
        everything = DayAggregate()
        everything.merge(self.analysed)
        everything.merge(self.pending)
        levels = Counter(self.flagged_levels)
        levels[RiskLevel.LOW] = max(analysed - flagged, 0)  # an open day may show a flag before its count
        rate = (Decimal(flagged) / analysed).quantize(RATE_PLACES) if analysed else Decimal(0)
        return {
            "reportDate": self.day.isoformat(),
            "totals": {
                "transactions": analysed + pending,
                "analysed": analysed,
                "pendingAnalysis": pending,
                "unreadableItems": self.unreadable,
            },
            "byCurrency": _by_currency(everything.by_currency),
            "flagged": {
                "transactions": flagged,
                "rate": rate,  # of analysed transactions
                "byCurrency": {
                    code: {"transactions": self.flagged_counts[code], "amount": self.flagged_amounts[code]}
                    for code in sorted(self.flagged_counts)
                },
            },
            "riskLevels": {str(level): levels[level] for level in RiskLevel},
            "topReasons": [
                {"rule": rule, "transactions": count}
                for rule, count in sorted(self.flagged_reasons.items(), key=lambda item: (-item[1], item[0]))[
                    : self.top
                ]
            ],
            "topCustomers": self.customers.top(self.top),
            "hourlyVolume": [
                {"hour": hour, "transactions": everything.hourly[hour], "flagged": self.flagged_hours[hour]}
                for hour in range(24)
            ],
        }


def _by_currency(totals: dict[str, CurrencyTotal]) -> dict[str, dict[str, Any]]:
    return {
        code: {"transactions": totals[code].transactions, "amount": totals[code].exact_amount()}
        for code in sorted(totals)
        if totals[code].transactions
    }
