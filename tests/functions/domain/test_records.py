"""Item mapping (fraud_domain.records) and the day-index sharding (fraud_domain.sharding)."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from fraud_domain.records import MalformedTransaction, from_item, past_from_item, readable_transactions, to_item
from fraud_domain.sharding import day_of, day_shard, day_shards, shard_of
from fraud_domain.transaction import Analysis, Reason, RiskLevel, Status, Transaction

TRANSACTION = Transaction(
    transaction_id="t-1",
    customer_id="c-1",
    amount=Decimal("312.4"),
    currency="USD",
    timestamp=1714564800123,
    received_at="2024-05-01T12:00:00.200Z",
    merchant_id="m-1",
    country="US",
)
ANALYSIS = Analysis(75, RiskLevel.HIGH, (Reason("HIGH_AMOUNT", 40, "amount ..."),), "2024-05-01T12:00:01.000Z")


def test_an_item_holds_the_fields_set_and_none_of_the_unset():
    assert to_item(TRANSACTION) == {
        "transactionId": "t-1",
        "customerId": "c-1",
        "amount": Decimal("312.4"),
        "currency": "USD",
        "merchantId": "m-1",
        "country": "US",
        "timestamp": 1714564800123,
        "status": "RECEIVED",
        "receivedAt": "2024-05-01T12:00:00.200Z",
    }


def test_items_round_trip_with_and_without_analysis():
    analysed = replace(TRANSACTION, status=Status.ANALYZED, analysis=ANALYSIS)
    assert from_item(to_item(TRANSACTION)) == TRANSACTION
    assert from_item(to_item(analysed)) == analysed
    assert to_item(analysed)["reasons"] == [{"rule": "HIGH_AMOUNT", "points": 40, "detail": "amount ..."}]


def test_numbers_may_come_back_as_strings_from_a_json_snapshot():
    snapshot = {**to_item(TRANSACTION), "amount": "312.4"}
    assert from_item(snapshot).amount == Decimal("312.4")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"amount": None}, "amount must be a number"),
        ({"amount": "abc"}, "amount must be a number"),
        ({"amount": True}, "amount must be a number"),
        ({"amount": Decimal("-1")}, "amount must be greater than 0"),
        ({"amount": Decimal("NaN")}, "amount must be finite"),
        ({"timestamp": Decimal("1.5")}, "timestamp must be an integer"),
        ({"customerId": ""}, "customerId must be a non-empty string"),
        ({"status": "LOST"}, "status must be RECEIVED or ANALYZED"),
        ({"riskLevel": "EXTREME", "fraudScore": 1, "analyzedAt": "x"}, "invalid analysis"),
    ],
)
def test_malformed_items_name_the_bad_attribute(change, message):
    with pytest.raises(MalformedTransaction, match=message):
        from_item({**to_item(TRANSACTION), **change})


def test_an_empty_item_is_malformed():
    with pytest.raises(MalformedTransaction):
        from_item({})


def test_history_rows_and_unreadable_items():
    row = past_from_item(
        {"transactionId": "t-2", "timestamp": Decimal(5), "amount": Decimal("9.99"), "currency": "EUR"}
    )
    assert (row.transaction_id, row.timestamp, row.amount, row.currency, row.country) == (
        "t-2",
        5,
        Decimal("9.99"),
        "EUR",
        None,
    )
    good, unreadable = readable_transactions([to_item(TRANSACTION), {"amount": "x"}, {}])
    assert good == [TRANSACTION] and unreadable == 2


def test_shards_are_stable_in_range_and_spread():
    assert shard_of("t-1", 16) == shard_of("t-1", 16)
    spread = Counter(shard_of(f"txn-{i}", 16) for i in range(2000))
    assert set(spread) == set(range(16))
    assert min(spread.values()) > 2000 / 16 * 0.7  # no shard starves or hogs the day


def test_the_day_shard_is_the_utc_day_of_the_transaction():
    assert day_of(1714607999999) == date(2024, 5, 1)  # 23:59:59.999 UTC
    assert day_shard("t-1", 1714608000000, 16) == f"2024-05-02#{shard_of('t-1', 16)}"
    assert day_shards(date(2024, 5, 1), 3) == ["2024-05-01#0", "2024-05-01#1", "2024-05-01#2"]
