"""Every threshold and every point of the rule engine, in one object with documented defaults (docs/functions.md).

Per-currency amounts default to one US-dollar-like value scaled by `currencies.reference_scale`; override a
mapping to tune a currency. Windows count the transaction itself where the rule says "including this one".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from fraud_domain.currencies import per_currency


@dataclass(frozen=True)
class ScoringConfig:
    history_days: int = 30  # the customer history one Query reads, ending at the transaction's own timestamp
    medium_risk_from: int = 30  # score >= this is MEDIUM (flagged)
    high_risk_from: int = 60  # score >= this is HIGH (flagged and alerted)
    max_score: int = 100

    # HIGH_AMOUNT: amount >= the currency's threshold
    high_amount: Mapping[str, Decimal] = field(default_factory=lambda: per_currency(1000))
    high_amount_points: int = 40

    # AMOUNT_VS_HISTORY: against the customer's same-currency 30-day median and MAD (robust to earlier outliers)
    history_min_transactions: int = 5
    history_median_ratio: Decimal = Decimal(3)  # amount >= ratio x median ...
    history_robust_z: Decimal = Decimal("3.5")  # ... and (amount - median) / (1.4826 x MAD) >= z, when MAD > 0
    history_points: int = 35

    # VELOCITY_1H / VELOCITY_24H: count in the window (including this one) >= max(min count, factor x usual rate);
    # the usual rate is the customer's count from 30 days back to 24 h back, per day (per hour: / 24)
    velocity_factor: Decimal = Decimal(3)
    velocity_1h_min_count: int = 5
    velocity_1h_points: int = 25
    velocity_24h_min_count: int = 10
    velocity_24h_points: int = 15

    # RAPID_IDENTICAL_AMOUNTS: same amount and currency, including this one, within the window
    identical_window_minutes: int = 10
    identical_min_count: int = 3
    identical_points: int = 25

    # CARD_TESTING: small amounts (each at most its currency's threshold), including this one if small
    small_amount: Mapping[str, Decimal] = field(default_factory=lambda: per_currency(2))
    card_testing_window_minutes: int = 10
    card_testing_min_count: int = 4
    card_testing_points: int = 40

    # NEW_CUSTOMER_HIGH_AMOUNT: at most this many earlier transactions in 30 days, and amount >= threshold
    new_customer_max_history: int = 2
    new_customer_amount: Mapping[str, Decimal] = field(default_factory=lambda: per_currency(500))
    new_customer_points: int = 30

    # FIRST_SEEN_CURRENCY / FIRST_SEEN_COUNTRY: only for customers with enough history to have a habit
    first_seen_min_history: int = 3
    first_currency_points: int = 10
    first_country_points: int = 15

    # TERMINAL_CONFIRMED_FRAUDS: frauds confirmed on the terminal (labels known by the scored day) over the window,
    # at least this many and at least this share of the terminal's transactions in the same days
    terminal_window_days: int = 28
    terminal_min_frauds: int = 1
    terminal_min_fraud_rate: Decimal = Decimal("0.05")
    terminal_points: int = 30

    def __post_init__(self) -> None:
        if self.history_days < 2:
            raise ValueError("history_days must be at least 2: the usual rate is measured before the last 24 h")
        if self.terminal_window_days < 1:
            raise ValueError("terminal_window_days must be at least 1")
        if not 0 < self.medium_risk_from <= self.high_risk_from <= self.max_score:
            raise ValueError("risk cut-offs must satisfy 0 < medium_risk_from <= high_risk_from <= max_score")


DEFAULT_SCORING = ScoringConfig()
