"""From reasons to a score and a risk level (fraud_domain.scoring, fraud_domain.scoring_config)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from fraud_domain.history import MINUTE_MS, CustomerHistory, PastTransaction
from fraud_domain.scoring import analyse, risk_level
from fraud_domain.scoring_config import DEFAULT_SCORING, ScoringConfig
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


def test_a_new_customer_spending_big_is_high_with_both_reasons_in_rule_order():
    analysis = analyse(txn("1200"), CustomerHistory(txn("1200"), [], 30), analyzed_at="2024-05-01T12:00:01.000Z")
    assert [r.rule for r in analysis.reasons] == ["HIGH_AMOUNT", "NEW_CUSTOMER_HIGH_AMOUNT"]
    assert (analysis.score, analysis.risk_level, analysis.analyzed_at) == (
        70,
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
    stricter = replace(DEFAULT_SCORING, high_amount_points=70, new_customer_points=0)
    alone = analyse(txn("1000"), CustomerHistory(txn("1000"), [], 30), analyzed_at="x", config=stricter)
    assert (alone.score, alone.risk_level) == (70, RiskLevel.HIGH)
    lower = replace(DEFAULT_SCORING, high_amount={"USD": Decimal(100)})
    assert analyse(txn("150"), CustomerHistory(txn("150"), [], 30), analyzed_at="x", config=lower).score == 40


@pytest.mark.parametrize(
    "change", [{"history_days": 1}, {"medium_risk_from": 0}, {"medium_risk_from": 70}, {"high_risk_from": 101}]
)
def test_inconsistent_configurations_are_refused(change):
    with pytest.raises(ValueError):
        ScoringConfig(**change)
