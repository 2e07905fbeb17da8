"""The handbook's three detection metrics: AUC ROC, Average Precision and Card Precision@k.

AUC and AP come from scikit-learn (the field's standard implementations; ties are handled there as one threshold).
Card Precision@k is the handbook's own definition, which no library ships, so it is written here.
"""

from __future__ import annotations

import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score

DEFAULT_TIE_SEED = 0


def auc_roc(fraud: np.ndarray, score: np.ndarray) -> float:
    return float(roc_auc_score(fraud, score))


def average_precision(fraud: np.ndarray, score: np.ndarray) -> float:
    return float(average_precision_score(fraud, score))


def random_tie_breaker(size: int, seed: int = DEFAULT_TIE_SEED) -> np.ndarray:
    """A continuous value per transaction that orders equal scores at random, the same way on every run.

    Random rather than, say, the amount: a rule that scores ties must not get credit for an order it did not give.
    """
    return np.random.default_rng(seed).random(size)


def card_precision_at_k(
    day: np.ndarray,
    card: np.ndarray,
    fraud: np.ndarray,
    score: np.ndarray,
    k: int = 100,
    tie_breaker: np.ndarray | None = None,
) -> float:
    """Per day, the share of the k cards with the highest score that are compromised; the mean over the days.

    A card's score on a day is its highest transaction score, ties broken by `tie_breaker` (default: random, seeded);
    a card is compromised on a day if any of its transactions that day is fraud. Cards caught (compromised and in
    the top k) are left out on later days: the investigators already know them. The share is always over k, even on
    a day with fewer than k cards, as in the handbook.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    if not len(day) == len(card) == len(fraud) == len(score):
        raise ValueError("day, card, fraud and score must have the same length")
    if len(day) == 0:
        raise ValueError("no transactions to rank")
    if tie_breaker is None:
        tie_breaker = random_tie_breaker(len(score))
    # One total order over transactions: by score, then by tie-breaker. A card's rank is its best transaction's.
    rank = np.empty(len(score), dtype=np.int64)
    rank[np.lexsort((tie_breaker, score))] = np.arange(len(score))
    caught: set[int] = set()
    precisions = []
    for today in np.unique(day):
        on_day = np.flatnonzero(day == today)
        on_day = on_day[~np.isin(card[on_day], list(caught))] if caught else on_day
        cards, inverse = np.unique(card[on_day], return_inverse=True)
        card_rank = np.full(len(cards), -1, dtype=np.int64)
        np.maximum.at(card_rank, inverse, rank[on_day])
        card_fraud = np.zeros(len(cards), dtype=bool)
        np.logical_or.at(card_fraud, inverse, fraud[on_day].astype(bool))
        top = np.argsort(-card_rank)[:k]
        hits = cards[top][card_fraud[top]]
        precisions.append(len(hits) / k)
        caught.update(hits.tolist())
    return float(np.mean(precisions))
