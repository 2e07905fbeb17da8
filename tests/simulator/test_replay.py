"""A few simulated days through the replay harness, checked against what is computed here without it."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import pytest

from fraud_domain.history import DAY_MS, CustomerHistory, PastTransaction
from fraud_domain.risk_counters import RiskCounters, RiskEvidence
from fraud_domain.scoring import analyse
from fraud_domain.scoring_config import DEFAULT_SCORING
from fraud_domain.transaction import Analysis, Transaction, epoch_millis
from fraudctl.simulator.dataset import simulate
from fraudctl.simulator.detectors import AmountAbove, AnalyzerDetector
from fraudctl.simulator.evaluation import EvaluationWindow, evaluate_window, window_test_ids
from fraudctl.simulator.metrics import auc_roc, average_precision
from fraudctl.simulator.replay import replay, span_for
from fraudctl.simulator.spec import SimulationSpec

SMALL = SimulationSpec(n_customers=300, n_terminals=600, n_days=24)
WINDOW = EvaluationWindow(date(2018, 4, 15), days=3)  # days 14-16
WARMUP = 10  # the replay starts on day 4


class Recorder:
    """Logs what the harness hands a detector, in order."""

    name = "recorder"

    def __init__(self) -> None:
        self.events: list[tuple] = []

    def analyse(self, transaction, history) -> float:
        self.events.append(("transaction", transaction.timestamp, transaction.transaction_id))
        return 0.0

    def apply_label(self, arrival) -> None:
        self.events.append(("label", arrival.arrived_at, arrival.transaction.transaction_id, arrival.transaction))


@pytest.fixture(scope="module")
def small():
    return simulate(SMALL)


@pytest.fixture(scope="module")
def replayed(small):
    analyzer, recorder = AnalyzerDetector(), Recorder()
    scores = replay(small, span_for(small, [WINDOW], warmup_days=WARMUP), [analyzer, AmountAbove(), recorder])
    return scores, analyzer, recorder


def _analysis_without_the_harness(data, i: int, first_id: int, start_ms: int) -> Analysis:
    def stored(j: int) -> Transaction:
        return Transaction(
            transaction_id=f"SIM-{j:08d}",
            customer_id=f"C-{int(data.customer_ids[j]):05d}",
            amount=Decimal(str(round(float(data.amounts[j]), 2))),
            currency="EUR",
            timestamp=start_ms + int(data.seconds[j]) * 1000,
            received_at="2018-04-01T00:00:00.000Z",
            terminal_id=f"T-{int(data.terminal_ids[j])}",
        )

    def history_of(k: int) -> CustomerHistory:
        transaction = stored(k)
        same_customer = np.flatnonzero(data.customer_ids[first_id:k] == data.customer_ids[k]) + first_id
        earlier = [PastTransaction.of(stored(j)) for j in same_customer]
        recent = [p for p in earlier if p.timestamp >= transaction.timestamp - 30 * DAY_MS]
        return CustomerHistory(transaction, recent, 30)

    def card_explains(j: int) -> bool:
        # The card's rules alone (no terminal evidence) scored the fraud MEDIUM or more: it is the card's fraud.
        return analyse(stored(j), history_of(j), analyzed_at="-").score >= DEFAULT_SCORING.medium_risk_from

    transaction = stored(i)
    # The terminal's counters: every earlier replayed transaction there on its own day, and every fraud there
    # whose label (7 days after it) arrived by this transaction's time, on the day it arrived, unless the card
    # explains it.
    start = data.spec.start.date()
    same_terminal = np.flatnonzero(data.terminal_ids[first_id:i] == data.terminal_ids[i]) + first_id
    seen = Counter(start + timedelta(days=int(data.days[j])) for j in same_terminal)
    labelled = [
        j
        for j in same_terminal
        if data.fraud[j] and int(data.seconds[j]) + 7 * 86400 <= data.seconds[i] and not card_explains(int(j))
    ]
    frauds = Counter(start + timedelta(days=int(data.days[j]) + 7) for j in labelled)
    evidence = RiskEvidence(terminal=RiskCounters(f"terminal#{transaction.terminal_id}", dict(seen), dict(frauds)))
    return analyse(transaction, history_of(i), analyzed_at="-", evidence=evidence)


def test_only_the_window_days_are_scored_and_the_warm_up_is_replayed(small, replayed):
    scores, _, recorder = replayed
    days = small.days
    for name in ("analyzer", "amount > 220"):
        assert not np.isnan(scores[name][(days >= 14) & (days <= 16)]).any()
        assert np.isnan(scores[name][(days < 14) | (days > 16)]).all()
    seen = [e for e in recorder.events if e[0] == "transaction"]
    assert len(seen) == int(((days >= 4) & (days <= 16)).sum())
    assert [e[1] for e in seen] == sorted(e[1] for e in seen)


def test_the_scores_are_what_the_domain_code_gives_with_a_history_built_independently(small, replayed):
    scores, _, _ = replayed
    first_id = int(np.searchsorted(small.days, 4))
    start_ms = epoch_millis(small.spec.start)
    ids = np.flatnonzero((small.days >= 14) & (small.days <= 16))
    analyses = [_analysis_without_the_harness(small, int(i), first_id, start_ms) for i in ids]
    expected = np.array([float(a.score) for a in analyses])
    assert np.array_equal(scores["analyzer"][ids], expected)
    assert (expected > 0).sum() > 10  # the analyzer's rules do fire on this traffic
    fired = Counter(r.rule for a in analyses for r in a.reasons)
    assert fired["TERMINAL_CONFIRMED_FRAUDS"] > 10 and fired["AMOUNT_VS_HISTORY"] > 10, fired
    assert np.array_equal(scores["amount > 220"][ids], (small.amounts[ids] > 220).astype(float))


def test_window_metrics_from_the_replay_match_sklearn_on_the_test_set(small, replayed):
    scores, _, _ = replayed
    ids = window_test_ids(small, WINDOW)
    fraud = small.fraud[ids]
    for name in ("analyzer", "amount > 220"):
        result = evaluate_window(small, WINDOW, scores[name])
        assert result.auc == pytest.approx(auc_roc(fraud, scores[name][ids]))
        assert result.ap == pytest.approx(average_precision(fraud, scores[name][ids]))
    amount_rule = (small.amounts[ids] > 220).astype(float)
    assert evaluate_window(small, WINDOW, scores["amount > 220"]).auc == pytest.approx(auc_roc(fraud, amount_rule))


def test_the_analyzer_ranks_frauds_better_than_the_amount_rule(small, replayed):
    scores, _, _ = replayed
    analyzer = evaluate_window(small, WINDOW, scores["analyzer"])
    amount = evaluate_window(small, WINDOW, scores["amount > 220"])
    assert analyzer.frauds >= 20  # enough frauds in the small window for the comparison to mean something
    assert analyzer.auc > amount.auc + 0.1 and analyzer.ap > amount.ap + 0.1, (analyzer, amount)


def test_each_fraud_label_arrives_seven_days_after_its_transaction_and_not_earlier(small, replayed):
    _, analyzer, recorder = replayed
    events = recorder.events
    labels = [(position, e) for position, e in enumerate(events) if e[0] == "label"]
    week = 7 * DAY_MS
    assert labels, "frauds from the first replayed days are labelled inside the span"
    for position, (_, arrived_at, _, transaction) in labels:
        assert arrived_at == transaction.timestamp + week
        before = [e[1] for e in events[:position] if e[0] == "transaction"]
        after = [e[1] for e in events[position:] if e[0] == "transaction"]
        assert before[-1] < arrived_at <= after[0]  # delivered before the first transaction at or after its time
    start_ms = epoch_millis(small.spec.start)
    span = (small.days >= 4) & (small.days <= 16)
    last_ms = start_ms + int(small.seconds[span].max()) * 1000
    frauds = np.flatnonzero(span & small.fraud)
    due = [f"SIM-{i:08d}" for i in frauds if start_ms + int(small.seconds[i]) * 1000 + week <= last_ms]
    assert [e[2] for _, e in labels] == due
    assert len(analyzer.labels) == len(due)  # the analyzer's label store got the same labels


def test_frauds_the_card_explains_are_labelled_but_not_counted_at_their_terminals(small, replayed):
    _, analyzer, _ = replayed
    labels = analyzer.labels.by_transaction.values()
    explained = sum(label.explained_by_card for label in labels)
    assert 0 < explained < len(labels)  # both kinds occur: stolen cards' steep amounts, compromised terminals
    counted = sum(n for item in analyzer.counters.items.values() for name, n in item.items() if name.startswith("f"))
    assert counted == len(labels) - explained


def test_two_detectors_with_one_name_are_refused(small):
    with pytest.raises(ValueError, match="unique"):
        replay(small, span_for(small, [WINDOW], warmup_days=WARMUP), [AmountAbove(), AmountAbove()])


def test_a_span_that_does_not_fit_is_refused(small):
    with pytest.raises(ValueError, match="do not fit"):
        span_for(small, [WINDOW], warmup_days=15)
    with pytest.raises(ValueError, match="do not fit"):
        span_for(small, [EvaluationWindow(date(2018, 4, 1) + timedelta(days=20))])
