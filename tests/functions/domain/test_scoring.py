"""From reasons to a score and a risk level (fraud_domain.scoring, fraud_domain.scoring_config)."""

from __future__ import annotations

import math
from dataclasses import replace
from decimal import Decimal

import pytest

from fraud_domain.history import MINUTE_MS, CustomerHistory, PastTransaction
from fraud_domain.points import finding_points
from fraud_domain.scoring import analyse, findings, risk_level
from fraud_domain.scoring_config import DEFAULT_SCORING, EXPERT_WEIGHTS, ScoringConfig
from fraud_domain.scoring_weights import DERIVED_WEIGHTS
from fraud_domain.transaction import RiskLevel, Transaction

T0 = 1714564800000


def txn(amount: str) -> Transaction:
    return Transaction("now", "c-1", Decimal(amount), "USD", T0, "2024-05-01T12:00:00.000Z")


@pytest.mark.parametrize(
    ("score", "level"),
    [(0, RiskLevel.LOW), (29, RiskLevel.LOW), (30, RiskLevel.MEDIUM), (59, RiskLevel.MEDIUM), (60, RiskLevel.HIGH)],
)
def test_risk_level_cut_offs(score, level):
    assert risk_level(score) is level
    assert level.is_flagged is (level is not RiskLevel.LOW)


def test_a_new_customer_spending_big_is_high_with_both_reasons_in_rule_order_and_their_arithmetic():
    history = CustomerHistory(txn("1200"), [], 30)
    analysis = analyse(txn("1200"), history, analyzed_at="2024-05-01T12:00:01.000Z")
    assert [r.rule for r in analysis.reasons] == ["HIGH_AMOUNT", "NEW_CUSTOMER_HIGH_AMOUNT"]
    found = findings(txn("1200"), history)
    weights = DEFAULT_SCORING.weights
    assert [r.points for r in analysis.reasons] == [finding_points(f, weights) for f in found]
    # 1200 is 2.45 doublings of 220 and 1.26 of 500
    high = weights["HIGH_AMOUNT"]
    assert analysis.reasons[0].points == math.floor(high["fired"] + 2.45 * high["doublings"] + 0.5)
    assert analysis.reasons[0].detail.endswith(
        f"[{high['fired']:g} fired + {high['doublings']:g} x 2.45 doublings = {analysis.reasons[0].points} points]"
    )
    assert (analysis.score, analysis.risk_level, analysis.analyzed_at) == (
        min(100, sum(r.points for r in analysis.reasons)),
        RiskLevel.HIGH,
        "2024-05-01T12:00:01.000Z",
    )


def test_scores_are_capped():
    burst = [PastTransaction(f"p{i}", T0 - i * MINUTE_MS - 1, Decimal("1.00"), "USD") for i in range(9)]
    analysis = analyse(txn("1.00"), CustomerHistory(txn("1.00"), burst, 30), analyzed_at="x")
    assert sum(r.points for r in analysis.reasons) > 100  # card testing + velocity + identical amounts
    assert analysis.score == 100


def test_an_ordinary_transaction_scores_zero():
    analysis = analyse(txn("12.00"), CustomerHistory(txn("12.00"), [], 30), analyzed_at="x")
    assert (analysis.score, analysis.risk_level, analysis.reasons) == (0, RiskLevel.LOW, ())


def test_the_configuration_object_drives_points_and_thresholds():
    weights = dict(DEFAULT_SCORING.weights)
    weights["HIGH_AMOUNT"] = {"fired": 70, "doublings": 0}
    weights["NEW_CUSTOMER_HIGH_AMOUNT"] = {"fired": 0, "doublings": 0}
    stricter = replace(DEFAULT_SCORING, weights=weights)
    alone = analyse(txn("1000"), CustomerHistory(txn("1000"), [], 30), analyzed_at="x", config=stricter)
    assert (alone.score, alone.risk_level, [r.rule for r in alone.reasons]) == (70, RiskLevel.HIGH, ["HIGH_AMOUNT"])
    lower = replace(stricter, high_amount={"USD": Decimal(100)})
    assert analyse(txn("150"), CustomerHistory(txn("150"), [], 30), analyzed_at="x", config=lower).score == 70
    assert analyse(txn("99"), CustomerHistory(txn("99"), [], 30), analyzed_at="x", config=lower).score == 0
    assert analyse(txn("150"), CustomerHistory(txn("150"), [], 30), analyzed_at="x", config=stricter).score == 0


def test_every_rule_has_a_weight_for_each_of_its_terms_and_the_fitted_ones_never_lower_a_score():
    weights = DEFAULT_SCORING.weights
    assert set(weights) == {*EXPERT_WEIGHTS, *DERIVED_WEIGHTS}
    assert all(points >= 0 for terms in weights.values() for points in terms.values())
    assert weights["MERCHANT_CONFIRMED_FRAUDS"] == weights["TERMINAL_CONFIRMED_FRAUDS"]


@pytest.mark.parametrize(
    "change",
    [
        {"history_days": 1},
        {"medium_risk_from": 0},
        {"medium_risk_from": 70},
        {"high_risk_from": 101},
        {"history_ratio_from": Decimal(3)},
        {"risk_recent_days": 8},
        {"label_delay_days": 40},
        {"risk_run_max_days": 40},
    ],
)
def test_inconsistent_configurations_are_refused(change):
    with pytest.raises(ValueError):
        ScoringConfig(**change)
