"""The handbook's evaluation protocol: weekly test windows, cards already known compromised left out.

A window is a training week, a 7-day delay, then a test week (chapter 3). This project trains nothing: the training
week only says which cards were already known compromised when the test week starts. On test day i, a card is
known if it had a fraud from the start of the training week up to the day before the delay (i days later than for
day 0): its label arrived 7 days after the fact. Those cards' transactions are dropped from that test day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from fraudctl.simulator.dataset import SimulatedDataset
from fraudctl.simulator.metrics import auc_roc, average_precision, card_precision_at_k, random_tie_breaker

WEEK = 7
DELAY_DAYS = 7  # the handbook's delay period: a fraud's label is known 7 days after the transaction
CARDS_PER_DAY = 100  # the alert budget of Card Precision@k
TIE_ORDERS = 10  # random orders of equal scores that Card Precision@100 is averaged over


@dataclass(frozen=True)
class EvaluationWindow:
    test_start: date
    days: int = WEEK

    @property
    def train_start(self) -> date:
        return self.test_start - timedelta(days=WEEK + DELAY_DAYS)

    @property
    def label(self) -> str:
        end = self.test_start + timedelta(days=self.days - 1)
        return f"{self.test_start:%Y-%m-%d}..{end:%m-%d}"


# Chapter 5's test estimate: 4 folds whose training weeks start at 2018-08-15 and step back 7 days (08-15, 08-08,
# 08-01, 07-25), so the test weeks are 2018-08-08..14 (chapter 3's test week) and the three weeks after it.
HANDBOOK_WINDOWS: tuple[EvaluationWindow, ...] = tuple(
    EvaluationWindow(date(2018, 8, 8) + timedelta(days=7 * i)) for i in range(4)
)


@dataclass(frozen=True)
class WindowResult:
    window: EvaluationWindow
    auc: float
    ap: float
    cp_at_100: float
    transactions: int
    frauds: int


def day_number(dataset: SimulatedDataset, day: date) -> int:
    return (day - dataset.spec.start.date()).days


def window_test_ids(dataset: SimulatedDataset, window: EvaluationWindow) -> np.ndarray:
    """Ids of the window's test transactions: its days, minus each day's cards already known compromised."""
    days = dataset.days
    first, train_first = day_number(dataset, window.test_start), day_number(dataset, window.train_start)
    if train_first < 0 or first + window.days > int(days[-1]) + 1:
        raise ValueError(f"window {window.label} does not fit in the simulated days")
    selected = []
    for i in range(window.days):
        known_until = first + i - DELAY_DAYS - 1
        labelled = (days >= train_first) & (days <= known_until) & dataset.fraud
        known = np.unique(dataset.customer_ids[labelled])
        today = np.flatnonzero(days == first + i)
        selected.append(today[~np.isin(dataset.customer_ids[today], known)])
    return np.concatenate(selected)


def evaluate_window(
    dataset: SimulatedDataset, window: EvaluationWindow, score: np.ndarray, tie_orders: int = TIE_ORDERS
) -> WindowResult:
    """The metrics of one window; `score` holds a value per transaction id (only the test set is read).

    AUC and AP treat equal scores as one threshold (scikit-learn). Card Precision@100 needs an order of the cards:
    equal scores are ordered at random, and the figure is the mean over `tie_orders` seeded random orders, so a
    rule with flat points gets its expected value, stable from run to run. A score without ties needs one order.
    """
    if tie_orders < 1:
        raise ValueError("tie_orders must be at least 1")
    ids = window_test_ids(dataset, window)
    fraud, scores = dataset.fraud[ids], score[ids]
    if np.isnan(scores).any():
        raise ValueError(f"window {window.label}: some test transactions were not scored")
    days, cards = dataset.days[ids], dataset.customer_ids[ids]
    orders = tie_orders if len(np.unique(scores)) < len(scores) else 1
    cp = np.mean(
        [
            # drawn per transaction id over the whole set, so a window's order does not depend on the others
            card_precision_at_k(days, cards, fraud, scores, CARDS_PER_DAY, random_tie_breaker(len(dataset), seed)[ids])
            for seed in range(orders)
        ]
    )
    return WindowResult(
        window=window,
        auc=auc_roc(fraud, scores),
        ap=average_precision(fraud, scores),
        cp_at_100=float(cp),
        transactions=len(ids),
        frauds=int(fraud.sum()),
    )


def evidence_first(score: np.ndarray, fraud: np.ndarray) -> np.ndarray:
    """The detector's scores with every fraud it gave any points to moved ahead of every other transaction.

    An oracle (it reads the labels), not a detector: its CP@100 is the most that any weighting of the same evidence
    could reach, since the frauds it leaves behind scored 0 (no rule saw anything). The order within each group is
    the detector's own. NaN (unscored) stays NaN.
    """
    lift = (np.nanmax(score) - np.nanmin(score) + 1) if np.isfinite(score).any() else 0.0
    return np.where(fraud & (score > 0), score + lift, score)


def mean_of(results: Sequence[WindowResult]) -> tuple[float, float, float]:
    return (
        float(np.mean([r.auc for r in results])),
        float(np.mean([r.ap for r in results])),
        float(np.mean([r.cp_at_100 for r in results])),
    )
