"""Today's report, frozen: `functions/fraud_domain/reports.py` as of commit c1d44ad, before the aggregates.

It folds every item of the day in memory. It is the oracle the aggregate-based report must match byte for byte
(same JSON, same CSV for the same items); it is not used by the functions.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from fraud_domain.currencies import format_amount
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


@dataclass(frozen=True)
class DailyReport:
    day: date
    summary: dict[str, Any]  # the fraud-report.json document
    flagged: tuple[Transaction, ...]  # by time, then id


def report_keys(day: date) -> tuple[str, str]:
    prefix = f"reports/{day:%Y/%m/%d}"
    return f"{prefix}/fraud-report.json", f"{prefix}/flagged-transactions.csv"


def _is_flagged(transaction: Transaction) -> bool:
    return transaction.analysis is not None and transaction.analysis.risk_level.is_flagged


def _by_currency(transactions: Iterable[Transaction]) -> dict[str, dict[str, Any]]:
    counts: Counter[str] = Counter()
    amounts: defaultdict[str, Decimal] = defaultdict(Decimal)
    for t in transactions:
        counts[t.currency] += 1
        amounts[t.currency] += t.amount
    return {code: {"transactions": counts[code], "amount": amounts[code]} for code in sorted(counts)}


def _top_customers(flagged: list[Transaction], top: int) -> dict[str, list[dict[str, Any]]]:
    # Amounts in different currencies do not add up: rank customers within each currency.
    totals: defaultdict[tuple[str, str], Decimal] = defaultdict(Decimal)
    counts: Counter[tuple[str, str]] = Counter()
    for t in flagged:
        totals[(t.currency, t.customer_id)] += t.amount
        counts[(t.currency, t.customer_id)] += 1
    ranked: defaultdict[str, list[dict[str, Any]]] = defaultdict(list)
    for currency, customer in sorted(totals, key=lambda key: (key[0], -totals[key], key[1])):
        if len(ranked[currency]) < top:
            entry = {"customerId": customer, "flaggedTransactions": counts[(currency, customer)]}
            ranked[currency].append(entry | {"flaggedAmount": totals[(currency, customer)]})
    return dict(ranked)


def build_daily_report(
    day: date, transactions: Iterable[Transaction], unreadable_items: int = 0, top: int = 10
) -> DailyReport:
    everything = sorted(transactions, key=lambda t: (t.timestamp, t.transaction_id))
    analysed = [t for t in everything if t.analysis is not None]
    flagged = [t for t in analysed if _is_flagged(t)]
    levels = Counter(t.analysis.risk_level for t in analysed)
    reasons = Counter(reason.rule for t in flagged for reason in t.analysis.reasons)
    hours = Counter(t.occurred_at.hour for t in everything)
    flagged_hours = Counter(t.occurred_at.hour for t in flagged)
    rate = (Decimal(len(flagged)) / len(analysed)).quantize(RATE_PLACES) if analysed else Decimal(0)
    summary = {
        "reportDate": day.isoformat(),
        "totals": {
            "transactions": len(everything),
            "analysed": len(analysed),
            "pendingAnalysis": len(everything) - len(analysed),
            "unreadableItems": unreadable_items,
        },
        "byCurrency": _by_currency(everything),
        "flagged": {
            "transactions": len(flagged),
            "rate": rate,  # of analysed transactions
            "byCurrency": _by_currency(flagged),
        },
        "riskLevels": {str(level): levels[level] for level in RiskLevel},
        "topReasons": [
            {"rule": rule, "transactions": count}
            for rule, count in sorted(reasons.items(), key=lambda item: (-item[1], item[0]))[:top]
        ],
        "topCustomers": _top_customers(flagged, top),
        "hourlyVolume": [
            {"hour": hour, "transactions": hours[hour], "flagged": flagged_hours[hour]} for hour in range(24)
        ],
    }
    return DailyReport(day, summary, tuple(flagged))


def flagged_csv(report: DailyReport) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for t in report.flagged:
        writer.writerow(
            (
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
        )
    return buffer.getvalue()
