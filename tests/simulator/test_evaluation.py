"""The handbook's test windows and test sets, on a data set small enough to reason about card by card."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from fraudctl.simulator.customers import generate_customers
from fraudctl.simulator.dataset import SimulatedDataset
from fraudctl.simulator.evaluation import (
    HANDBOOK_WINDOWS,
    EvaluationWindow,
    evaluate_window,
    evidence_first,
    window_test_ids,
)
from fraudctl.simulator.metrics import auc_roc, average_precision
from fraudctl.simulator.spec import SimulationSpec
from fraudctl.simulator.terminals import generate_terminals

WINDOW = EvaluationWindow(date(2018, 4, 15), days=2)  # test days 14 and 15; its training week starts on day 0


def _dataset(rows: list[tuple[int, int, bool]]) -> SimulatedDataset:
    """rows: (day, card, fraud), one transaction each, at noon, in the given (time) order."""
    days, cards, fraud = (np.array(column) for column in zip(*rows, strict=True))
    return SimulatedDataset(
        spec=SimulationSpec(n_customers=10, n_terminals=10, n_days=20),
        customers=generate_customers(10, 0),
        terminals=generate_terminals(10, 1),
        customer_ids=cards.astype(np.int32),
        terminal_ids=np.zeros(len(rows), dtype=np.int32),
        seconds=days.astype(np.int64) * 86_400 + 43_200,
        amounts=np.full(len(rows), 10.0),
        fraud=fraud.astype(bool),
        scenario=fraud.astype(np.int8) * 2,
    )


def test_the_windows_are_chapter_5s_four_test_weeks():
    assert [w.label for w in HANDBOOK_WINDOWS] == [
        "2018-08-08..08-14",
        "2018-08-15..08-21",
        "2018-08-22..08-28",
        "2018-08-29..09-04",
    ]
    assert HANDBOOK_WINDOWS[0].train_start == date(2018, 7, 25)  # chapter 3's training week


def test_a_card_is_left_out_once_its_fraud_label_has_arrived():
    rows = [
        (3, 1, True),  # card 1: fraud in the training week
        (6, 2, True),  # card 2: fraud 8 days before test day 14, known by then
        (7, 3, True),  # card 3: fraud 7 days before day 14 (label not yet in), 8 days before day 15
        (14, 1, False),
        (14, 2, False),
        (14, 3, False),
        (14, 4, False),  # card 4: never a fraud before
        (14, 5, True),  # card 5: fraud on the test day itself (what the test is about)
        (15, 1, False),
        (15, 2, False),
        (15, 3, False),
        (15, 4, False),
        (15, 5, False),  # card 5's fraud of day 14 is not known on day 15
    ]
    data = _dataset(rows)
    kept = window_test_ids(data, WINDOW)
    assert [(rows[i][0], rows[i][1]) for i in kept] == [(14, 3), (14, 4), (14, 5), (15, 4), (15, 5)]


def test_window_metrics_are_those_of_its_test_set():
    rows = [(0, 9, True)] + [(14 + i % 2, i % 7, i % 3 == 0) for i in range(40)]
    data = _dataset(rows)
    score = np.linspace(0, 1, len(rows)) ** 2
    result = evaluate_window(data, WINDOW, score)
    ids = window_test_ids(data, WINDOW)
    assert 9 not in data.customer_ids[ids]
    assert result.auc == pytest.approx(auc_roc(data.fraud[ids], score[ids]))
    assert result.ap == pytest.approx(average_precision(data.fraud[ids], score[ids]))
    assert (result.transactions, result.frauds) == (len(ids), int(data.fraud[ids].sum()))
    # 7 cards a day, at most 7 hits over k=100: a precision below 0.07, above 0 here
    assert 0 < result.cp_at_100 <= 0.07


def test_a_window_outside_the_data_or_an_unscored_test_transaction_is_refused():
    data = _dataset([(14, 1, False), (15, 1, True)])
    with pytest.raises(ValueError, match="does not fit"):
        evaluate_window(data, EvaluationWindow(date(2018, 4, 10)), np.zeros(2))
    with pytest.raises(ValueError, match="not scored"):
        evaluate_window(data, WINDOW, np.array([0.5, np.nan]))


def test_evidence_first_moves_only_frauds_with_points_ahead_and_keeps_the_order_within_each_group():
    score = np.array([0.0, 5.0, 90.0, 0.0, 30.0, np.nan])
    fraud = np.array([True, True, False, False, True, True])
    ranked = evidence_first(score, fraud)
    assert np.isnan(ranked[5])  # unscored stays unscored
    order = list(np.argsort(-ranked[:5], kind="stable"))
    assert order[:2] == [4, 1]  # frauds with points, in the detector's order (30 before 5)
    assert order[2] == 2 and ranked[2] == 90.0  # the non-fraud keeps its score, now behind them
    assert ranked[0] == 0.0  # a fraud no rule saw stays at 0: the oracle cannot rank what had no evidence
