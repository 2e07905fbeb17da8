"""The three metrics on cases small enough to compute by hand."""

from __future__ import annotations

import numpy as np
import pytest

from fraudctl.simulator.metrics import auc_roc, average_precision, card_precision_at_k


def test_auc_and_average_precision_on_a_four_transaction_case():
    fraud = np.array([0, 0, 1, 1])
    score = np.array([0.1, 0.4, 0.35, 0.8])
    # pairs (fraud, genuine) ranked right: (0.35, 0.1), (0.8, 0.1), (0.8, 0.4) = 3 of 4
    assert auc_roc(fraud, score) == pytest.approx(0.75)
    # precision at each fraud, by descending score: 0.8 -> 1/1, 0.35 -> 2/3; mean = 5/6
    assert average_precision(fraud, score) == pytest.approx(5 / 6)


def test_tied_scores_count_as_one_threshold():
    fraud = np.array([1, 0, 1, 0])
    score = np.array([1.0, 1.0, 0.0, 0.0])
    assert auc_roc(fraud, score) == pytest.approx(0.5)
    assert average_precision(fraud, score) == pytest.approx(0.5)  # recall 1/2 at precision 1/2, then 1 at 1/2


def test_card_precision_ranks_cards_by_their_best_transaction_and_drops_cards_caught_earlier():
    # day 0: card 1 (fraud, best 0.9), card 2 (genuine, 0.8), card 3 (fraud, 0.1 and 0.7 -> 0.7), card 4 (0.2)
    # day 1: card 1 again at the top, but caught on day 0; then card 4 (fraud, 0.6), card 5 (genuine, 0.5)
    day = np.array([0, 0, 0, 0, 0, 1, 1, 1])
    card = np.array([1, 2, 3, 3, 4, 1, 4, 5])
    fraud = np.array([1, 0, 0, 1, 0, 1, 1, 0])
    score = np.array([0.9, 0.8, 0.1, 0.7, 0.2, 0.99, 0.6, 0.5])
    # k=2. Day 0: top cards 1, 2 -> 1 hit = 0.5. Day 1 without card 1: top 4, 5 -> 1 hit = 0.5.
    assert card_precision_at_k(day, card, fraud, score, k=2) == pytest.approx(0.5)
    # k=3. Day 0: 1, 2, 3 -> 2 hits = 2/3 (cards 1, 3 caught). Day 1: 4, 5 -> 1 hit, over k = 1/3.
    assert card_precision_at_k(day, card, fraud, score, k=3) == pytest.approx((2 / 3 + 1 / 3) / 2)


def test_equal_scores_are_ordered_by_the_tie_breaker():
    day = np.zeros(3, dtype=int)
    card = np.array([1, 2, 3])
    fraud = np.array([0, 1, 0])
    score = np.ones(3)
    assert card_precision_at_k(day, card, fraud, score, k=1, tie_breaker=np.array([0.3, 0.9, 0.1])) == 1.0
    assert card_precision_at_k(day, card, fraud, score, k=1, tie_breaker=np.array([0.3, 0.2, 0.1])) == 0.0


def test_card_precision_refuses_bad_input():
    one = np.zeros(1)
    with pytest.raises(ValueError, match="k must"):
        card_precision_at_k(one, one, one, one, k=0)
    with pytest.raises(ValueError, match="same length"):
        card_precision_at_k(one, one, one, np.zeros(2))
    with pytest.raises(ValueError, match="no transactions"):
        card_precision_at_k(*(np.zeros(0),) * 4)
