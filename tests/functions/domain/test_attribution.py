"""Whose fraud is it (fraud_domain.attribution): a fraud the card's own rules flagged does not count at its places."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from fraud_domain.attribution import card_points, explained_by_card
from fraud_domain.labels import LabelSource, label_attributes, label_change, label_from_attributes
from fraud_domain.risk_counters import CounterDelta, label_deltas
from fraud_domain.scoring_config import DEFAULT_SCORING
from fraud_domain.transaction import Analysis, Reason, RiskLevel, Status, Transaction

MAY_1 = 1714521600000  # 2024-05-01T00:00:00Z
T = Transaction(
    "t-1", "c-1", Decimal("10.00"), "EUR", MAY_1, "2024-05-01T00:00:00.000Z", terminal_id="T-9", merchant_id="M-1"
)
CHARGEBACK, CUSTOMER = LabelSource.CHARGEBACK, LabelSource.CUSTOMER
AT = "2024-05-08T10:00:00.000Z"


def analysed(*reasons: tuple[str, int]) -> Transaction:
    score = sum(points for _, points in reasons)
    stored = tuple(Reason(rule, points, "detail") for rule, points in reasons)
    analysis = Analysis(score, RiskLevel.LOW, stored, "2024-05-01T00:00:01.000Z")
    return replace(T, status=Status.ANALYZED, analysis=analysis)


@pytest.mark.parametrize(
    ("reasons", "points", "explained"),
    [
        ((), 0, False),
        ((("AMOUNT_VS_HISTORY", 29),), 29, False),  # below MEDIUM (30): the card alone did not flag it
        ((("AMOUNT_VS_HISTORY", 30),), 30, True),
        ((("AMOUNT_VS_HISTORY", 20), ("EARLIER_STEEP_AMOUNTS", 11)), 31, True),  # card rules add up
        ((("HIGH_AMOUNT", 72), ("TERMINAL_CONFIRMED_FRAUDS", 40)), 72, True),
        # the place's own evidence never makes a fraud the card's
        ((("AMOUNT_VS_HISTORY", 10), ("TERMINAL_CONFIRMED_FRAUDS", 90), ("MERCHANT_CONFIRMED_FRAUDS", 90)), 10, False),
    ],
)
def test_the_card_explains_a_fraud_its_own_rules_flagged(reasons, points, explained):
    transaction = analysed(*reasons)
    assert card_points(transaction) == points
    assert explained_by_card(transaction, DEFAULT_SCORING) is explained


def test_a_transaction_not_analysed_yet_is_not_explained_by_its_card():
    assert explained_by_card(T, DEFAULT_SCORING) is False


def test_a_card_explained_fraud_moves_no_counter_first_nor_when_cleared():
    fraud = label_change(None, True, CHARGEBACK, AT, explained_by_card=True).label
    assert fraud.explained_by_card and label_deltas(T, None, fraud) == ()
    cleared = label_change(fraud, False, CUSTOMER, "2024-05-09T00:00:00.000Z").label
    assert not cleared.explained_by_card and label_deltas(T, fraud, cleared) == ()


def test_the_attribution_is_decided_once_and_kept_while_the_label_stays_fraud():
    counted = label_change(None, True, CHARGEBACK, AT, explained_by_card=False).label
    # The analysis now says otherwise (the label came before it): the fraud stays where it was counted.
    moved = label_change(counted, True, CUSTOMER, "2024-05-09T00:00:00.000Z", explained_by_card=True).label
    assert not moved.explained_by_card and label_deltas(T, counted, moved) == ()
    cleared = label_change(moved, False, CUSTOMER, "2024-05-10T00:00:00.000Z", explained_by_card=True).label
    assert label_deltas(T, moved, cleared) == (
        CounterDelta("terminal#T-9", "f20240508", -1),
        CounterDelta("merchant#M-1", "f20240508", -1),
    )
    again = label_change(cleared, True, CHARGEBACK, "2024-05-11T00:00:00.000Z", explained_by_card=True).label
    assert again.explained_by_card and label_deltas(T, cleared, again) == ()  # a new fraud: decided afresh


def test_the_attribution_round_trips_and_old_fraud_labels_read_as_counted_at_their_places():
    fraud = label_change(None, True, CHARGEBACK, AT, explained_by_card=True).label
    stored = label_attributes(fraud)
    assert stored["explainedByCard"] is True and label_from_attributes(stored) == fraud
    before_attribution = {key: value for key, value in stored.items() if key != "explainedByCard"}
    assert label_from_attributes(before_attribution).explained_by_card is False
    legit = label_attributes(label_change(None, False, CUSTOMER, AT).label)
    assert "explainedByCard" not in legit
    with pytest.raises(ValueError, match="explainedByCard"):
        label_from_attributes(legit | {"explainedByCard": True})
    with pytest.raises(ValueError, match="explainedByCard"):
        label_from_attributes(stored | {"explainedByCard": "yes"})
