"""The daily report built from aggregates and flagged transactions (fraud_domain.reports), against today's report
(the frozen fold of every item: tests/functions/todays_report.py), and which day an invocation asks for."""

from __future__ import annotations

import csv
import io
import random
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from todays_report import build_daily_report, flagged_csv

from fraud_domain.day_aggregates import DayAggregate
from fraud_domain.json_codec import dumps
from fraud_domain.report_request import InvalidReportRequest, report_day
from fraud_domain.reports import CSV_COLUMNS, DailyReportBuilder, InMemoryFlaggedCustomers, report_keys
from fraud_domain.transaction import Analysis, Reason, RiskLevel, Status, Transaction

DAY = date(2024, 5, 1)
MIDNIGHT = 1714521600000  # 2024-05-01T00:00:00Z
HOUR = 3_600_000


def txn(n: int, customer: str, amount: str, currency: str, hour: int, level: RiskLevel | None, *rules: str):
    analysis = None
    if level is not None:
        reasons = tuple(Reason(rule, 30, f"{rule} detail") for rule in rules)
        analysis = Analysis({"LOW": 0, "MEDIUM": 40, "HIGH": 80}[level], level, reasons, "2024-05-01T23:00:00.000Z")
    return Transaction(
        transaction_id=f"t-{n:03d}",
        customer_id=customer,
        amount=Decimal(amount),
        currency=currency,
        timestamp=MIDNIGHT + hour * HOUR + n,
        received_at="2024-05-01T00:00:00.000Z",
        status=Status.ANALYZED if analysis else Status.RECEIVED,
        merchant_id="m-1",
        analysis=analysis,
    )


DAY_OF_TRANSACTIONS = [
    txn(1, "alice", "10.00", "USD", 0, RiskLevel.LOW),
    txn(2, "alice", "1500.00", "USD", 3, RiskLevel.HIGH, "HIGH_AMOUNT", "AMOUNT_VS_HISTORY"),
    txn(3, "bob", "700.00", "USD", 3, RiskLevel.MEDIUM, "NEW_CUSTOMER_HIGH_AMOUNT"),
    txn(4, "bob", "900.00", "USD", 23, RiskLevel.HIGH, "HIGH_AMOUNT"),
    txn(5, "carol", "200000", "JPY", 12, RiskLevel.HIGH, "HIGH_AMOUNT", "FIRST_SEEN_CURRENCY"),
    txn(6, "carol", "5.50", "EUR", 12, None),
]


def built(transactions: list[Transaction], unreadable: int = 0, top: int = 10, shards: int = 3) -> tuple[dict, str]:
    """The report as the generator builds it: the analysed ones through aggregate shards (in their stored form),
    the pending ones as read from the pending index, the flagged ones in time order."""
    builder = DailyReportBuilder(DAY, InMemoryFlaggedCustomers(), top)
    text = builder.csv_header()
    for t in sorted((t for t in transactions if t.analysis and t.analysis.risk_level.is_flagged), key=order):
        text += builder.add_flagged(t)
    analysed = [t for t in transactions if t.analysis is not None]
    for shard in range(shards):
        stored = DayAggregate.of(analysed[shard::shards]).to_attributes()
        builder.add_aggregate(DayAggregate.from_attributes(stored))
    for t in transactions:
        if t.analysis is None:
            builder.add_pending(t)
    builder.add_unreadable(unreadable)
    return builder.summary(), text


def order(t: Transaction) -> tuple[int, str]:
    return t.timestamp, t.transaction_id


def test_report_totals_currencies_flagged_and_levels():
    summary, _ = built(DAY_OF_TRANSACTIONS, unreadable=1)
    assert summary["reportDate"] == "2024-05-01"
    assert summary["totals"] == {"transactions": 6, "analysed": 5, "pendingAnalysis": 1, "unreadableItems": 1}
    assert summary["byCurrency"] == {
        "EUR": {"transactions": 1, "amount": Decimal("5.50")},
        "JPY": {"transactions": 1, "amount": Decimal("200000")},
        "USD": {"transactions": 4, "amount": Decimal("3110.00")},
    }
    assert summary["flagged"] == {
        "transactions": 4,
        "rate": Decimal("0.800000"),
        "byCurrency": {
            "JPY": {"transactions": 1, "amount": Decimal("200000")},
            "USD": {"transactions": 3, "amount": Decimal("3100.00")},
        },
    }
    assert summary["riskLevels"] == {"LOW": 1, "MEDIUM": 1, "HIGH": 3}


def test_top_reasons_and_top_customers_per_currency():
    summary, _ = built(DAY_OF_TRANSACTIONS)
    assert summary["topReasons"] == [
        {"rule": "HIGH_AMOUNT", "transactions": 3},
        {"rule": "AMOUNT_VS_HISTORY", "transactions": 1},
        {"rule": "FIRST_SEEN_CURRENCY", "transactions": 1},
        {"rule": "NEW_CUSTOMER_HIGH_AMOUNT", "transactions": 1},
    ]
    assert summary["topCustomers"] == {
        "JPY": [{"customerId": "carol", "flaggedTransactions": 1, "flaggedAmount": Decimal("200000")}],
        "USD": [
            {"customerId": "bob", "flaggedTransactions": 2, "flaggedAmount": Decimal("1600.00")},
            {"customerId": "alice", "flaggedTransactions": 1, "flaggedAmount": Decimal("1500.00")},
        ],
    }
    assert built(DAY_OF_TRANSACTIONS, top=1)[0]["topCustomers"]["USD"] == [
        {"customerId": "bob", "flaggedTransactions": 2, "flaggedAmount": Decimal("1600.00")}
    ]


def test_hourly_volume_has_every_hour():
    hourly = built(DAY_OF_TRANSACTIONS)[0]["hourlyVolume"]
    assert [h["hour"] for h in hourly] == list(range(24))
    assert {h["hour"]: (h["transactions"], h["flagged"]) for h in hourly if h["transactions"]} == {
        0: (1, 0),
        3: (2, 2),
        12: (2, 1),
        23: (1, 1),
    }


def test_flagged_csv_lists_medium_and_high_in_time_order():
    rows = list(csv.DictReader(io.StringIO(built(DAY_OF_TRANSACTIONS)[1])))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r["transactionId"] for r in rows] == ["t-002", "t-003", "t-005", "t-004"]
    assert rows[0]["occurredAt"] == "2024-05-01T03:00:00.002Z"
    assert (rows[0]["amount"], rows[0]["reasons"], rows[0]["riskLevel"]) == (
        "1500.00",
        "HIGH_AMOUNT|AMOUNT_VS_HISTORY",
        "HIGH",
    )
    assert rows[2]["amount"] == "200000" and rows[2]["currency"] == "JPY"


def test_the_report_does_not_depend_on_how_the_day_is_sharded_or_ordered():
    shuffled = DAY_OF_TRANSACTIONS[:]
    random.Random(7).shuffle(shuffled)
    first, second = built(DAY_OF_TRANSACTIONS, shards=1), built(shuffled, shards=5)
    assert dumps(first[0]) == dumps(second[0]) and first[1] == second[1]


def test_an_empty_day():
    summary, text = built([])
    assert summary["totals"]["transactions"] == 0 and summary["flagged"]["rate"] == 0
    assert text == ",".join(CSV_COLUMNS) + "\n"


def same_as_today(transactions: list[Transaction], unreadable: int, shards: int) -> None:
    summary, text = built(transactions, unreadable=unreadable, shards=shards)
    today = build_daily_report(DAY, transactions, unreadable_items=unreadable)
    assert dumps(summary) == dumps(today.summary)
    assert text == flagged_csv(today)


def test_the_same_bytes_as_today_for_the_sample_day():
    same_as_today(DAY_OF_TRANSACTIONS, unreadable=1, shards=2)


_LEVELS = st.sampled_from([None, RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH])
_AMOUNTS = {"USD": 2, "EUR": 2, "JPY": 0, "KWD": 3}


@st.composite
def transactions(draw) -> list[Transaction]:
    """A day with collisions where they matter: equal timestamps, equal amounts, customers across currencies."""
    day = []
    for n in range(draw(st.integers(0, 40))):
        currency = draw(st.sampled_from(sorted(_AMOUNTS)))
        places = draw(st.integers(0, _AMOUNTS[currency]))
        amount = Decimal(draw(st.integers(1, 10**7))).scaleb(-places)
        level = draw(_LEVELS)
        rules = draw(st.lists(st.sampled_from(["HIGH_AMOUNT", "VELOCITY_1H", "CARD_TESTING"]), max_size=2, unique=True))
        analysis = None
        if level is not None:
            reasons = tuple(Reason(rule, 30, "detail") for rule in rules) if level.is_flagged else ()
            analysis = Analysis(draw(st.integers(0, 100)), level, reasons, "2024-05-01T23:00:00.000Z")
        day.append(
            Transaction(
                transaction_id=f"t-{draw(st.integers(0, 10**6)):07d}-{n}",
                customer_id=draw(st.sampled_from(["a", "b", "c", "d"])),
                amount=amount,
                currency=currency,
                timestamp=MIDNIGHT + draw(st.sampled_from([0, 1, HOUR, 5 * HOUR + 7, 24 * HOUR - 1])),
                received_at="2024-05-01T00:00:00.000Z",
                status=Status.ANALYZED if analysis else Status.RECEIVED,
                terminal_id=draw(st.none() | st.just("T-1")),
                country=draw(st.none() | st.just("DE")),
                analysis=analysis,
            )
        )
    return day


@settings(max_examples=30, deadline=None, derandomize=True)
@given(transactions(), st.integers(0, 3), st.integers(1, 7))
def test_the_same_bytes_as_today_for_any_day(day, unreadable, shards):
    same_as_today(day, unreadable, shards)


def test_report_keys():
    assert report_keys(DAY) == ("reports/2024/05/01/fraud-report.json", "reports/2024/05/01/flagged-transactions.csv")


TODAY = date(2024, 5, 10)


@pytest.mark.parametrize(
    ("fired_at", "day"),
    [
        ("2024-05-02T00:05:00Z", date(2024, 5, 1)),
        ("2024-03-01T00:00:00Z", date(2024, 2, 29)),
        ("2024-05-02T01:00:00+02:00", date(2024, 4, 30)),  # 23:00 UTC on the 1st
    ],
)
def test_a_scheduled_event_reports_the_previous_utc_day(fired_at, day):
    event = {"detail-type": "Scheduled Event", "source": "aws.events", "time": fired_at, "detail": {}}
    assert report_day(event, TODAY) == day


def test_an_explicit_date_up_to_today():
    assert report_day({"date": "2024-05-01"}, TODAY) == date(2024, 5, 1)
    assert report_day({"date": "2024-05-10"}, TODAY) == TODAY


@pytest.mark.parametrize(
    ("event", "message"),
    [
        ({"date": "2024-02-30"}, "not a calendar date"),
        ({"date": "2024-5-1"}, "must be a string YYYY-MM-DD"),
        ({"date": "yesterday"}, "must be a string YYYY-MM-DD"),
        ({"date": 20240501}, "must be a string YYYY-MM-DD"),
        ({"date": "2024-05-11"}, "in the future"),
        ({"date": "2024-05-01", "force": True}, "unexpected fields besides date: force"),
        ({}, "expected"),
        (["2024-05-01"], "expected a JSON object"),
        ({"detail-type": "Scheduled Event", "source": "aws.events", "time": "soon"}, "must be ISO 8601"),
        ({"detail-type": "Scheduled Event", "source": "aws.events", "time": "2024-05-02T00:05:00"}, "UTC offset"),
    ],
)
def test_bad_requests_are_clear_errors(event, message):
    with pytest.raises(InvalidReportRequest, match=message):
        report_day(event, TODAY)
