"""Every fraud rule (fraud_domain.rules): it fires at its threshold with numbers in its detail, not just below, and
its units say how far past the threshold the transaction is."""

from __future__ import annotations

from decimal import Decimal
from itertools import count

import pytest

from fraud_domain import rules
from fraud_domain.history import DAY_MS, HOUR_MS, MINUTE_MS, CustomerHistory, PastTransaction
from fraud_domain.scoring_config import DEFAULT_SCORING
from fraud_domain.transaction import Transaction

T0 = 1714564800000  # 2024-05-01T12:00:00Z
_ids = count()


def txn(amount: str = "50.00", currency: str = "USD", country: str | None = None) -> Transaction:
    return Transaction("now", "c-1", Decimal(amount), currency, T0, "2024-05-01T12:00:00.000Z", country=country)


def past(ago_ms: int, amount: str = "50.00", currency: str = "USD", country: str | None = None) -> PastTransaction:
    return PastTransaction(f"p{next(_ids)}", T0 - ago_ms, Decimal(amount), currency, country)


def run(rule, transaction: Transaction, earlier: list[PastTransaction] = ()):
    return rule(transaction, CustomerHistory(transaction, earlier, 30), DEFAULT_SCORING)


def spread(days: int, per_day: int, start_ms: int = DAY_MS) -> list[PastTransaction]:
    """per_day transactions a day for `days` days, all older than start_ms: the customer's usual rhythm."""
    return [past(start_ms + day * DAY_MS + i * (DAY_MS // per_day) + 1) for day in range(days) for i in range(per_day)]


def test_history_keeps_only_earlier_transactions_of_the_window_once_each():
    current = txn()
    duplicate = past(MINUTE_MS)
    earlier = [
        duplicate,
        duplicate,
        PastTransaction("now", T0, Decimal(1), "USD"),
        PastTransaction("later", T0 + 1, Decimal(1), "USD"),
        PastTransaction("old", T0 - 31 * DAY_MS, Decimal(1), "USD"),
        PastTransaction("same-ms", T0, Decimal(1), "USD"),
    ]
    assert [p.transaction_id for p in CustomerHistory(current, earlier, 30).transactions] == [
        duplicate.transaction_id,
        "same-ms",
    ]


def test_high_amount_per_currency_grows_per_doubling_past_the_threshold():
    found = run(rules.high_amount, txn("220"))
    assert (found.rule, found.units) == ("HIGH_AMOUNT", (("fired", 1.0), ("doublings", 0.0)))
    assert found.detail == "amount 220.00 USD is at or above the high-amount threshold of 220.00 USD"
    assert run(rules.high_amount, txn("880")).units == (("fired", 1.0), ("doublings", 2.0))  # 4 x: 2 doublings
    assert run(rules.high_amount, txn("1000000")).units[1] == ("doublings", 4.0)  # capped at max_doublings
    assert run(rules.high_amount, txn("219.99")) is None
    assert run(rules.high_amount, txn("32999", "JPY")) is None
    assert run(rules.high_amount, txn("33000", "JPY")).detail.endswith("threshold of 33000 JPY")


HABIT = ["60", "62", "63", "64", "65.10", "65.10", "66", "67", "68", "70"]  # median 65.10


def test_amount_against_the_customers_median_counts_the_rise_and_the_steep_part():
    found = run(rules.amount_vs_history, txn("312.40"), [past(DAY_MS * (i + 1), a) for i, a in enumerate(HABIT)])
    assert found.rule == "AMOUNT_VS_HISTORY"
    # 4.80 x: 1.0 of rise (1.5 x to 2.5 x), steep once, 2.3 past 2.5 x
    assert found.units == (("rise", 1.0), ("steep", 1.0), ("steep_rise", 2.3))
    assert found.detail == "amount 312.40 is 4.80 x the customer's 30-day median of 65.10 (10 USD transactions)"


def test_amount_against_history_below_the_steep_part_and_its_cap():
    habit = [past(DAY_MS * (i + 1), a) for i, a in enumerate(HABIT)]
    assert run(rules.amount_vs_history, txn("130.20"), habit).units == (
        ("rise", 0.5),
        ("steep", 0.0),
        ("steep_rise", 0.0),
    )  # 2.0 x
    assert run(rules.amount_vs_history, txn("6510"), habit).units[2] == ("steep_rise", 3.0)  # 100 x, capped at 3
    assert run(rules.amount_vs_history, txn("97.64"), habit) is None  # 1.4998 x
    assert run(rules.amount_vs_history, txn("97.65"), habit).units[0] == ("rise", 0.0)  # 1.5 x: fires, nothing yet


def test_amount_against_history_needs_enough_history_in_the_same_currency():
    habit = [past(DAY_MS * (i + 1), a) for i, a in enumerate(HABIT)]
    assert run(rules.amount_vs_history, txn("312.40"), habit[:4]) is None  # 4 < 5 transactions
    assert run(rules.amount_vs_history, txn("312.40", "EUR"), habit) is None


def test_earlier_steep_amounts_count_this_weeks_amounts_far_above_the_median():
    habit = [past(DAY_MS * (i + 8), a) for i, a in enumerate(HABIT)]  # 8 days and more ago
    steep = [past(DAY_MS * 2, "163.88"), past(DAY_MS * 6, "327.75")]  # 2.5 x and 5 x the median, now 65.55
    found = run(rules.earlier_steep_amounts, txn("50"), habit + steep)
    assert (found.rule, found.units) == ("EARLIER_STEEP_AMOUNTS", (("earlier", 2.0),))
    assert found.detail == (
        "2 earlier transactions in the last 7 days at 2.5 x or more the customer's 30-day median of 65.55 "
        "(largest 327.75 USD)"
    )
    four = [past(DAY_MS * d, "400") for d in (1, 2, 3, 4)]
    assert run(rules.earlier_steep_amounts, txn(), habit + four).units == (("earlier", 3.0),)  # capped at 3


def test_earlier_steep_amounts_only_this_week_in_the_same_currency_with_enough_history():
    habit = [past(DAY_MS * (i + 8), a) for i, a in enumerate(HABIT)]
    assert run(rules.earlier_steep_amounts, txn(), habit) is None  # nothing steep
    assert run(rules.earlier_steep_amounts, txn(), [*habit, past(DAY_MS * 2, "162.74")]) is None  # 2.4998 x
    assert run(rules.earlier_steep_amounts, txn(), [*habit, past(DAY_MS * 7 + 1, "400")]) is None  # 7 days + 1 ms ago
    assert run(rules.earlier_steep_amounts, txn(), [*habit, past(DAY_MS * 7, "400")]) is not None  # 7 days ago
    assert run(rules.earlier_steep_amounts, txn(), [*habit, past(DAY_MS, "400", "EUR")]) is None  # another currency
    assert run(rules.earlier_steep_amounts, txn(), [*habit[:3], past(DAY_MS, "400")]) is None  # 4 < 5 transactions


def test_velocity_in_one_hour():
    found = run(rules.velocity_1h, txn(), [past(i * 10 * MINUTE_MS + 1) for i in range(4)])
    assert (found.rule, found.units) == ("VELOCITY_1H", (("fired", 1.0), ("extra", 0.0)))
    assert found.detail == "5 transactions in 1 h against a usual 0.00 per hour (fires at 5)"
    assert run(rules.velocity_1h, txn(), [past(i * 10 * MINUTE_MS + 1) for i in range(3)]) is None
    assert run(rules.velocity_1h, txn(), [past(i * MINUTE_MS + 1) for i in range(30)]).units[1] == ("extra", 10.0)


def test_velocity_in_one_hour_is_relative_to_a_busy_customers_rate():
    busy = spread(29, 96)  # 4 an hour
    recent = [past(i * MINUTE_MS + 1) for i in range(6)]
    assert run(rules.velocity_1h, txn(), busy + recent) is None  # 7 < 3 x 4
    found = run(rules.velocity_1h, txn(), busy + [past(i * MINUTE_MS + 1) for i in range(13)])
    assert found.detail == "14 transactions in 1 h against a usual 4.00 per hour (fires at 12)"
    assert found.units == (("fired", 1.0), ("extra", 2.0))


def test_velocity_in_24_hours_against_the_usual_daily_rate():
    assert run(rules.velocity_24h, txn(), [past(i * HOUR_MS + 1) for i in range(9)]).detail == (
        "10 transactions in 24 h against a usual 0.0 per day (fires at 10)"
    )
    assert run(rules.velocity_24h, txn(), [past(i * HOUR_MS + 1) for i in range(8)]) is None
    usual = spread(29, 5)
    assert run(rules.velocity_24h, txn(), usual + [past(i * HOUR_MS + 1) for i in range(13)]) is None
    found = run(rules.velocity_24h, txn(), usual + [past(i * HOUR_MS + 1) for i in range(14)])
    assert (found.units, found.detail) == (
        (("fired", 1.0), ("extra", 0.0)),
        "15 transactions in 24 h against a usual 5.0 per day (fires at 15)",
    )


def test_rapid_identical_amounts():
    same = [past(2 * MINUTE_MS, "49.99"), past(9 * MINUTE_MS, "49.99")]
    found = run(rules.rapid_identical_amounts, txn("49.99"), same)
    assert (found.rule, found.units) == ("RAPID_IDENTICAL_AMOUNTS", (("fired", 1.0), ("extra", 0.0)))
    assert found.detail == "3 transactions of 49.99 USD within 10 min"
    assert run(rules.rapid_identical_amounts, txn("49.99"), [*same, past(MINUTE_MS, "49.99")]).units[1] == (
        "extra",
        1.0,
    )
    assert run(rules.rapid_identical_amounts, txn("49.99"), [same[0], past(11 * MINUTE_MS, "49.99")]) is None
    assert run(rules.rapid_identical_amounts, txn("49.99"), [same[0], past(MINUTE_MS, "49.99", "EUR")]) is None


def test_card_testing_bursts_of_small_amounts():
    tests = [past(i * MINUTE_MS + 1, "1.00") for i in range(3)]
    found = run(rules.card_testing, txn("0.50"), tests)
    assert (found.rule, found.units) == ("CARD_TESTING", (("fired", 1.0), ("extra", 0.0)))
    assert found.detail == "4 small transactions (at most 2.00 USD or equivalent) within 10 min: card testing"
    assert run(rules.card_testing, txn("0.50"), tests[:2]) is None
    # the purchase after the tests is caught too, and small amounts in other currencies count by their own limit
    after = [*tests[:2], past(MINUTE_MS, "150", "JPY"), past(MINUTE_MS, "1.50", "EUR")]
    assert run(rules.card_testing, txn("900"), after).detail.startswith("4 small transactions")
    assert run(rules.card_testing, txn("0.50"), [*tests[:2], past(11 * MINUTE_MS, "1.00")]) is None


def test_new_customer_with_a_high_amount():
    found = run(rules.new_customer_high_amount, txn("500"))
    assert (found.rule, found.units) == ("NEW_CUSTOMER_HIGH_AMOUNT", (("fired", 1.0), ("doublings", 0.0)))
    assert (
        found.detail
        == "new customer (0 earlier transactions in 30 days) with amount 500.00 USD, at or above 500.00 USD"
    )
    assert run(rules.new_customer_high_amount, txn("1000")).units[1] == ("doublings", 1.0)
    assert run(rules.new_customer_high_amount, txn("499.99")) is None
    assert run(rules.new_customer_high_amount, txn("500"), [past(DAY_MS * i + 1) for i in range(2)]) is not None
    assert run(rules.new_customer_high_amount, txn("500"), [past(DAY_MS * i + 1) for i in range(3)]) is None


def test_first_seen_currency():
    habit = [past(DAY_MS * (i + 1)) for i in range(3)]
    found = run(rules.first_seen_currency, txn("20", "EUR"), habit)
    assert (found.rule, found.units) == ("FIRST_SEEN_CURRENCY", (("fired", 1.0),))
    assert found.detail == "first transaction in EUR in 30 days (earlier: USD)"
    assert run(rules.first_seen_currency, txn("20", "EUR"), habit[:2]) is None
    assert run(rules.first_seen_currency, txn("20", "EUR"), [*habit, past(DAY_MS, "5", "EUR")]) is None


def test_first_seen_country():
    habit = [past(DAY_MS * (i + 1), country=c) for i, c in enumerate(["US", "US", "CA"])]
    found = run(rules.first_seen_country, txn(country="BR"), habit)
    assert (found.rule, found.units) == ("FIRST_SEEN_COUNTRY", (("fired", 1.0),))
    assert found.detail == "first transaction from BR in 30 days (earlier: CA, US)"
    assert run(rules.first_seen_country, txn(country="CA"), habit) is None
    assert run(rules.first_seen_country, txn(), habit) is None  # no country on the transaction
    assert run(rules.first_seen_country, txn(country="BR"), [*habit[:2], past(DAY_MS)]) is None


@pytest.mark.parametrize("rule", rules.RULES)
def test_no_rule_fires_on_an_ordinary_transaction_of_a_regular_customer(rule):
    regular = [past(DAY_MS * (i + 1), a, country="US") for i, a in enumerate(HABIT)]
    assert run(rule, txn("64.50", country="US"), regular) is None
