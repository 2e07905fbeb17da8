"""The customer rules. Each is a pure function of (transaction, history, config) that returns a Finding or None.

A finding's detail carries the numbers the rule compared, so an analyst can check the decision by hand, and its
units say how far past the threshold the transaction is (fraud_domain.points turns them into points).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal
from statistics import median

from fraud_domain.currencies import format_amount
from fraud_domain.history import DAY_MS, HOUR_MS, MINUTE_MS, CustomerHistory
from fraud_domain.points import Finding
from fraud_domain.scoring_config import ScoringConfig
from fraud_domain.transaction import Transaction

Rule = Callable[[Transaction, CustomerHistory, ScoringConfig], Finding | None]


def _money(amount: Decimal, currency: str) -> str:
    return f"{format_amount(amount, currency)} {currency}"


def _one_decimal(value: Decimal) -> str:
    return f"{value:.1f}"


def _doublings(amount: Decimal, threshold: Decimal, cap: int) -> float:
    """How many times the amount doubles the threshold (0 at it), up to `cap`."""
    return _units(min(math.log2(amount / threshold), cap)) if threshold > 0 else float(cap)


def _units(value: float | Decimal) -> float:
    # Two decimals: the reason shows the units, and a person multiplying them by the weights gets the points.
    return round(float(value), 2)


def high_amount(txn: Transaction, history: CustomerHistory, config: ScoringConfig) -> Finding | None:
    threshold = config.high_amount.get(txn.currency)
    if threshold is None or txn.amount < threshold:
        return None
    doublings = _doublings(txn.amount, threshold, config.max_doublings)
    detail = f"amount {_money(txn.amount, txn.currency)} is at or above the high-amount threshold of"
    units = (("fired", 1.0), ("doublings", doublings))
    return Finding("HIGH_AMOUNT", units, f"{detail} {_money(threshold, txn.currency)}")


def _usual_amount(
    txn: Transaction, history: CustomerHistory, config: ScoringConfig
) -> tuple[list[Decimal], Decimal] | None:
    """The customer's same-currency amounts and their median, when there are enough of them to have a habit."""
    amounts = history.amounts_in(txn.currency)
    if len(amounts) < config.history_min_transactions:
        return None
    typical = median(amounts)
    return (amounts, typical) if typical > 0 else None


def amount_vs_history(txn: Transaction, history: CustomerHistory, config: ScoringConfig) -> Finding | None:
    usual = _usual_amount(txn, history, config)
    if usual is None:
        return None
    amounts, typical = usual
    ratio = txn.amount / typical
    if ratio < config.history_ratio_from:
        return None
    steep_from = config.history_ratio_steep_from
    steep = ratio >= steep_from
    units = (
        ("rise", _units(min(ratio, steep_from) - config.history_ratio_from)),
        ("steep", 1.0 if steep else 0.0),
        ("steep_rise", _units(min(ratio - steep_from, config.history_max_steep_rise)) if steep else 0.0),
    )
    detail = (
        f"amount {format_amount(txn.amount, txn.currency)} is {ratio:.2f} x the customer's {history.days}-day median "
        f"of {format_amount(typical, txn.currency)} ({len(amounts)} {txn.currency} transactions)"
    )
    return Finding("AMOUNT_VS_HISTORY", units, detail)


def earlier_steep_amounts(txn: Transaction, history: CustomerHistory, config: ScoringConfig) -> Finding | None:
    """Earlier amounts this week far above the customer's median: a stolen card is used again and again.

    On the simulator a compromised card makes a third of its transactions over 14 days at 5 x the usual amount, and
    their labels come 7 days late: earlier steep amounts mark the card, even when this amount itself is not steep.
    """
    usual = _usual_amount(txn, history, config)
    if usual is None:
        return None
    typical = usual[1]
    since = txn.timestamp - config.earlier_steep_days * DAY_MS
    steep_from = typical * config.history_ratio_steep_from
    steep = [
        p.amount
        for p in history.transactions
        if p.currency == txn.currency and p.timestamp >= since and p.amount >= steep_from
    ]
    if not steep:
        return None
    detail = (
        f"{len(steep)} earlier transaction{'s' if len(steep) != 1 else ''} in the last {config.earlier_steep_days} "
        f"days at {config.history_ratio_steep_from} x or more the customer's {history.days}-day median of "
        f"{format_amount(typical, txn.currency)} (largest {format_amount(max(steep), txn.currency)} {txn.currency})"
    )
    return Finding("EARLIER_STEEP_AMOUNTS", (("earlier", float(min(len(steep), config.max_earlier_steep))),), detail)


def _usual_per_day(history: CustomerHistory) -> Decimal:
    return Decimal(len(history.before(DAY_MS))) / (history.days - 1)


def _fired(extra: int, config: ScoringConfig) -> tuple[tuple[str, float], ...]:
    return (("fired", 1.0), ("extra", float(min(extra, config.max_extra))))


def velocity_1h(txn: Transaction, history: CustomerHistory, config: ScoringConfig) -> Finding | None:
    count = len(history.within(HOUR_MS)) + 1
    usual = _usual_per_day(history) / 24
    needed = math.ceil(max(config.velocity_1h_min_count, config.velocity_factor * usual))
    if count < needed:
        return None
    detail = f"{count} transactions in 1 h against a usual {usual:.2f} per hour (fires at {needed})"
    return Finding("VELOCITY_1H", _fired(count - needed, config), detail)


def velocity_24h(txn: Transaction, history: CustomerHistory, config: ScoringConfig) -> Finding | None:
    count = len(history.within(DAY_MS)) + 1
    usual = _usual_per_day(history)
    needed = math.ceil(max(config.velocity_24h_min_count, config.velocity_factor * usual))
    if count < needed:
        return None
    detail = f"{count} transactions in 24 h against a usual {_one_decimal(usual)} per day (fires at {needed})"
    return Finding("VELOCITY_24H", _fired(count - needed, config), detail)


def rapid_identical_amounts(txn: Transaction, history: CustomerHistory, config: ScoringConfig) -> Finding | None:
    window = config.identical_window_minutes * MINUTE_MS
    same = [p for p in history.within(window) if p.amount == txn.amount and p.currency == txn.currency]
    count = len(same) + 1
    if count < config.identical_min_count:
        return None
    detail = f"{count} transactions of {_money(txn.amount, txn.currency)} within {config.identical_window_minutes} min"
    return Finding("RAPID_IDENTICAL_AMOUNTS", _fired(count - config.identical_min_count, config), detail)


def card_testing(txn: Transaction, history: CustomerHistory, config: ScoringConfig) -> Finding | None:
    def is_small(amount: Decimal, currency: str) -> bool:
        limit = config.small_amount.get(currency)
        return limit is not None and amount <= limit

    window = config.card_testing_window_minutes * MINUTE_MS
    count = sum(is_small(p.amount, p.currency) for p in history.within(window)) + is_small(txn.amount, txn.currency)
    if count < config.card_testing_min_count:
        return None
    limit = config.small_amount.get(txn.currency)
    size = f"at most {_money(limit, txn.currency)} or equivalent" if limit is not None else "small"
    detail = f"{count} small transactions ({size}) within {config.card_testing_window_minutes} min: card testing"
    return Finding("CARD_TESTING", _fired(count - config.card_testing_min_count, config), detail)


def new_customer_high_amount(txn: Transaction, history: CustomerHistory, config: ScoringConfig) -> Finding | None:
    threshold = config.new_customer_amount.get(txn.currency)
    if len(history) > config.new_customer_max_history or threshold is None or txn.amount < threshold:
        return None
    detail = (
        f"new customer ({len(history)} earlier transactions in {history.days} days) with amount "
        f"{_money(txn.amount, txn.currency)}, at or above {_money(threshold, txn.currency)}"
    )
    units = (("fired", 1.0), ("doublings", _doublings(txn.amount, threshold, config.max_doublings)))
    return Finding("NEW_CUSTOMER_HIGH_AMOUNT", units, detail)


def first_seen_currency(txn: Transaction, history: CustomerHistory, config: ScoringConfig) -> Finding | None:
    seen = sorted({p.currency for p in history.transactions})
    if len(history) < config.first_seen_min_history or txn.currency in seen:
        return None
    detail = f"first transaction in {txn.currency} in {history.days} days (earlier: {', '.join(seen)})"
    return Finding("FIRST_SEEN_CURRENCY", (("fired", 1.0),), detail)


def first_seen_country(txn: Transaction, history: CustomerHistory, config: ScoringConfig) -> Finding | None:
    with_country = [p.country for p in history.transactions if p.country is not None]
    if txn.country is None or len(with_country) < config.first_seen_min_history or txn.country in with_country:
        return None
    detail = (
        f"first transaction from {txn.country} in {history.days} days (earlier: {', '.join(sorted(set(with_country)))})"
    )
    return Finding("FIRST_SEEN_COUNTRY", (("fired", 1.0),), detail)


RULES: tuple[Rule, ...] = (
    high_amount,
    amount_vs_history,
    earlier_steep_amounts,
    velocity_1h,
    velocity_24h,
    rapid_identical_amounts,
    card_testing,
    new_customer_high_amount,
    first_seen_currency,
    first_seen_country,
)
