"""Every threshold and every weight of the rule engine, in one object with documented defaults (docs/functions.md).

Points are log-odds (fraud_domain.points: 10 points multiply the odds of fraud by e). The weights of the rules the
published simulator has fraud for (HIGH_AMOUNT, AMOUNT_VS_HISTORY, EARLIER_STEEP_AMOUNTS,
TERMINAL/MERCHANT_CONFIRMED_FRAUDS) are fitted offline by `scripts/derive_weights.py` and committed in
`scoring_weights.py`; the others are set by hand below, since the simulator has no such fraud to learn them from.
Per-currency amounts default to one US-dollar-like value scaled by `currencies.reference_scale`. Windows count the
transaction itself where the rule says "including this one".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType

from fraud_domain.currencies import per_currency
from fraud_domain.points import Weights
from fraud_domain.risk_counters import RETENTION_DAYS
from fraud_domain.scoring_weights import DERIVED_WEIGHTS

# Points per unit of the rules no labelled data here can weigh: their fraud patterns (bursts, card testing, new
# cards, foreign use) are absent from the simulator. `fired` is what the rule adds at its threshold; `extra` per
# transaction past it, `doublings` per doubling of the amount past it.
EXPERT_WEIGHTS: Mapping[str, Mapping[str, float]] = {
    "VELOCITY_1H": {"fired": 25, "extra": 2},
    "VELOCITY_24H": {"fired": 15, "extra": 1},
    "RAPID_IDENTICAL_AMOUNTS": {"fired": 25, "extra": 5},
    "CARD_TESTING": {"fired": 40, "extra": 5},
    "NEW_CUSTOMER_HIGH_AMOUNT": {"fired": 30, "doublings": 10},
    "FIRST_SEEN_CURRENCY": {"fired": 10},
    "FIRST_SEEN_COUNTRY": {"fired": 15},
}


def default_weights() -> Weights:
    return MappingProxyType({**EXPERT_WEIGHTS, **DERIVED_WEIGHTS})


@dataclass(frozen=True)
class ScoringConfig:
    history_days: int = 30  # the customer history one Query reads, ending at the transaction's own timestamp
    medium_risk_from: int = 30  # score >= this is MEDIUM (flagged)
    high_risk_from: int = 60  # score >= this is HIGH (flagged and alerted)
    max_score: int = 100
    weights: Weights = field(default_factory=default_weights)  # rule -> term -> points per unit

    # HIGH_AMOUNT: amount >= the currency's threshold; evidence grows per doubling past it
    high_amount: Mapping[str, Decimal] = field(default_factory=lambda: per_currency(220))
    max_doublings: int = 4  # `doublings` units counted at most (HIGH_AMOUNT, NEW_CUSTOMER_HIGH_AMOUNT)

    # AMOUNT_VS_HISTORY: the amount against the customer's same-currency 30-day median, from `ratio_from` x on:
    # `rise` per x up to `steep_from` x, then `steep` once and `steep_rise` per x past it (up to `max_steep_rise`)
    history_min_transactions: int = 5
    history_ratio_from: Decimal = Decimal("1.5")
    history_ratio_steep_from: Decimal = Decimal("2.5")
    history_max_steep_rise: Decimal = Decimal(3)
    # EARLIER_STEEP_AMOUNTS: earlier transactions in the last `earlier_steep_days` at `history_ratio_steep_from` x or
    # more the same median (same history minimum); `earlier` units per such transaction, up to `max_earlier_steep`
    earlier_steep_days: int = 7
    max_earlier_steep: int = 3

    # VELOCITY_1H / VELOCITY_24H: count in the window (including this one) >= max(min count, factor x usual rate);
    # the usual rate is the customer's count from 30 days back to 24 h back, per day (per hour: / 24)
    velocity_factor: Decimal = Decimal(3)
    velocity_1h_min_count: int = 5
    velocity_24h_min_count: int = 10
    max_extra: int = 10  # `extra` units counted at most, for every rule that has them

    # RAPID_IDENTICAL_AMOUNTS: same amount and currency, including this one, within the window
    identical_window_minutes: int = 10
    identical_min_count: int = 3

    # CARD_TESTING: small amounts (each at most its currency's threshold), including this one if small
    small_amount: Mapping[str, Decimal] = field(default_factory=lambda: per_currency(2))
    card_testing_window_minutes: int = 10
    card_testing_min_count: int = 4

    # NEW_CUSTOMER_HIGH_AMOUNT: at most this many earlier transactions in 30 days, and amount >= threshold
    new_customer_max_history: int = 2
    new_customer_amount: Mapping[str, Decimal] = field(default_factory=lambda: per_currency(500))

    # FIRST_SEEN_CURRENCY / FIRST_SEEN_COUNTRY: only for customers with enough history to have a habit
    first_seen_min_history: int = 3

    # TERMINAL_ / MERCHANT_CONFIRMED_FRAUDS: frauds whose label arrived in the last `risk_window_days` (up to the
    # scored day), as a share of the transactions of the days they happened, `label_delay_days` earlier (and the
    # same for the last `risk_recent_days`); not for a run of confirmed frauds older than `risk_run_max_days`
    # (days with confirmed frauds at most `risk_run_gap_days` apart, looked for over `risk_run_lookback_days`)
    risk_window_days: int = 7
    risk_recent_days: int = 2
    label_delay_days: int = 7
    risk_max_frauds: int = 7  # `frauds` units counted at most
    risk_run_gap_days: int = 7
    risk_run_max_days: int = 21
    risk_run_lookback_days: int = 35

    def __post_init__(self) -> None:
        if self.history_days < 2:
            raise ValueError("history_days must be at least 2: the usual rate is measured before the last 24 h")
        if not 0 < self.medium_risk_from <= self.high_risk_from <= self.max_score:
            raise ValueError("risk cut-offs must satisfy 0 < medium_risk_from <= high_risk_from <= max_score")
        if not 0 < self.history_ratio_from <= self.history_ratio_steep_from:
            raise ValueError("history ratios must satisfy 0 < history_ratio_from <= history_ratio_steep_from")
        if not 1 <= self.risk_recent_days <= self.risk_window_days:
            raise ValueError("risk windows must satisfy 1 <= risk_recent_days <= risk_window_days")
        if self.label_delay_days < 0 or self.label_delay_days + self.risk_window_days > RETENTION_DAYS:
            raise ValueError(f"label_delay_days + risk_window_days must be from 1 to {RETENTION_DAYS} (counters kept)")
        if not self.risk_run_max_days <= self.risk_run_lookback_days <= RETENTION_DAYS:
            raise ValueError(f"risk_run_max_days <= risk_run_lookback_days <= {RETENTION_DAYS} must hold")


DEFAULT_SCORING = ScoringConfig()
