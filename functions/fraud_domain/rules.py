"""The fraud rules. Each is a pure function of (transaction, history, config) that returns a Reason or None.

A reason's detail carries the numbers the rule compared, so an analyst can check the decision by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from statistics import median

from fraud_domain.currencies import format_amount
from fraud_domain.history import DAY_MS, HOUR_MS, MINUTE_MS, CustomerHistory
from fraud_domain.scoring_config import ScoringConfig
from fraud_domain.transaction import Reason, Transaction

Rule = Callable[[Transaction, CustomerHistory, ScoringConfig], Reason | None]
MAD_TO_SIGMA = Decimal("1.4826")  # makes the median absolute deviation comparable to a standard deviation


def _money(amount: Decimal, currency: str) -> str:
    return f"{format_amount(amount, currency)} {currency}"


def _one_decimal(value: Decimal) -> str:
    return f"{value:.1f}"


def high_amount(txn: Transaction, history: CustomerHistory, config: ScoringConfig) -> Reason | None:
    threshold = config.high_amount.get(txn.currency)
    if threshold is None or txn.amount < threshold:
        return None
    detail = f"amount {_money(txn.amount, txn.currency)} is at or above the high-amount threshold of"
    return Reason("HIGH_AMOUNT", config.high_amount_points, f"{detail} {_money(threshold, txn.currency)}")


def amount_vs_history(txn: Transaction, history: CustomerHistory, config: ScoringConfig) -> Reason | None:
    amounts = history.amounts_in(txn.currency)
    if len(amounts) < config.history_min_transactions:
        return None
    typical = median(amounts)
    mad = median(abs(a - typical) for a in amounts)
    if txn.amount < config.history_median_ratio * typical:
        return None
    # With MAD 0 (all amounts alike) any jump is unusual: the ratio alone decides.
    if mad > 0 and (txn.amount - typical) / (MAD_TO_SIGMA * mad) < config.history_robust_z:
        return None
    detail = (
        f"amount {format_amount(txn.amount, txn.currency)} is {_one_decimal(txn.amount / typical)} x the customer's "
        f"{history.days}-day median of {format_amount(typical, txn.currency)} "
        f"(MAD {format_amount(mad, txn.currency)}, {len(amounts)} {txn.currency} transactions)"
    )
    return Reason("AMOUNT_VS_HISTORY", config.history_points, detail)


def _usual_per_day(history: CustomerHistory) -> Decimal:
    return Decimal(len(history.before(DAY_MS))) / (history.days - 1)


def velocity_1h(txn: Transaction, history: CustomerHistory, config: ScoringConfig) -> Reason | None:
    count = len(history.within(HOUR_MS)) + 1
    usual = _usual_per_day(history) / 24
    if count < max(config.velocity_1h_min_count, config.velocity_factor * usual):
        return None
    detail = f"{count} transactions in 1 h against a usual {usual:.2f} per hour"
    return Reason("VELOCITY_1H", config.velocity_1h_points, detail)


def velocity_24h(txn: Transaction, history: CustomerHistory, config: ScoringConfig) -> Reason | None:
    count = len(history.within(DAY_MS)) + 1
    usual = _usual_per_day(history)
    if count < max(config.velocity_24h_min_count, config.velocity_factor * usual):
        return None
    detail = f"{count} transactions in 24 h against a usual {_one_decimal(usual)} per day"
    return Reason("VELOCITY_24H", config.velocity_24h_points, detail)


def rapid_identical_amounts(txn: Transaction, history: CustomerHistory, config: ScoringConfig) -> Reason | None:
    window = config.identical_window_minutes * MINUTE_MS
    same = [p for p in history.within(window) if p.amount == txn.amount and p.currency == txn.currency]
    count = len(same) + 1
    if count < config.identical_min_count:
        return None
    detail = f"{count} transactions of {_money(txn.amount, txn.currency)} within {config.identical_window_minutes} min"
    return Reason("RAPID_IDENTICAL_AMOUNTS", config.identical_points, detail)


def card_testing(txn: Transaction, history: CustomerHistory, config: ScoringConfig) -> Reason | None:
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
    return Reason("CARD_TESTING", config.card_testing_points, detail)


def new_customer_high_amount(txn: Transaction, history: CustomerHistory, config: ScoringConfig) -> Reason | None:
    threshold = config.new_customer_amount.get(txn.currency)
    if len(history) > config.new_customer_max_history or threshold is None or txn.amount < threshold:
        return None
    detail = (
        f"new customer ({len(history)} earlier transactions in {history.days} days) with amount "
        f"{_money(txn.amount, txn.currency)}, at or above {_money(threshold, txn.currency)}"
    )
    return Reason("NEW_CUSTOMER_HIGH_AMOUNT", config.new_customer_points, detail)


def first_seen_currency(txn: Transaction, history: CustomerHistory, config: ScoringConfig) -> Reason | None:
    seen = sorted({p.currency for p in history.transactions})
    if len(history) < config.first_seen_min_history or txn.currency in seen:
        return None
    detail = f"first transaction in {txn.currency} in {history.days} days (earlier: {', '.join(seen)})"
    return Reason("FIRST_SEEN_CURRENCY", config.first_currency_points, detail)


def first_seen_country(txn: Transaction, history: CustomerHistory, config: ScoringConfig) -> Reason | None:
    with_country = [p.country for p in history.transactions if p.country is not None]
    if txn.country is None or len(with_country) < config.first_seen_min_history or txn.country in with_country:
        return None
    detail = (
        f"first transaction from {txn.country} in {history.days} days (earlier: {', '.join(sorted(set(with_country)))})"
    )
    return Reason("FIRST_SEEN_COUNTRY", config.first_country_points, detail)


RULES: tuple[Rule, ...] = (
    high_amount,
    amount_vs_history,
    velocity_1h,
    velocity_24h,
    rapid_identical_amounts,
    card_testing,
    new_customer_high_amount,
    first_seen_currency,
    first_seen_country,
)
