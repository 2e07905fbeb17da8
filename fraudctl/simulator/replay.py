"""Replays simulated transactions, in time order, through detectors that run the analyzer's domain code.

For each transaction, as the analyzer Lambda does for a stream record: the customer's earlier transactions from
30 days before it up to its own timestamp (what its customer-index Query returns) become a `CustomerHistory`, and
the detectors score it. Each fraud's outcome reaches the detectors' label path 7 days after the transaction.

Only the days the test windows need are replayed: a warm-up (the 30-day history plus the 7-day label delay) and then
the windows. Transactions before the span are never seen, as if the system went live on its first day.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

import numpy as np

from fraud_domain.history import DAY_MS, CustomerHistory, PastTransaction
from fraud_domain.scoring_config import DEFAULT_SCORING
from fraud_domain.transaction import Status, Transaction, iso_utc
from fraudctl.simulator.api_bodies import CURRENCY, amount_text, customer_ref, epoch_ms, terminal_ref, transaction_ref
from fraudctl.simulator.dataset import SimulatedDataset
from fraudctl.simulator.detectors import Detector
from fraudctl.simulator.evaluation import DELAY_DAYS, EvaluationWindow, day_number
from fraudctl.simulator.labels import LabelArrival

HISTORY_DAYS = DEFAULT_SCORING.history_days
WARMUP_DAYS = HISTORY_DAYS + DELAY_DAYS  # full histories, and labels of the 30 days before the delay, from day 1
LABEL_SOURCE = "chargeback"

Progress = Callable[[str], None]


@dataclass(frozen=True)
class ReplaySpan:
    first_day: int  # simulation day the replay starts (warm-up included)
    scored_days: frozenset[int]  # the days whose transactions get a score kept for the metrics

    @property
    def last_day(self) -> int:
        return max(self.scored_days)


def span_for(
    dataset: SimulatedDataset, windows: Sequence[EvaluationWindow], warmup_days: int = WARMUP_DAYS
) -> ReplaySpan:
    scored = {day_number(dataset, w.test_start) + i for w in windows for i in range(w.days)}
    first = min(scored) - warmup_days
    if first < 0 or max(scored) >= dataset.spec.n_days:
        raise ValueError("the windows and their warm-up do not fit in the simulated days")
    return ReplaySpan(first_day=first, scored_days=frozenset(scored))


class TransactionFeed:
    """The data set's transactions as the analyzer receives them (the stored item, status RECEIVED)."""

    def __init__(self, dataset: SimulatedDataset) -> None:
        self.dataset = dataset

    def transaction(self, transaction_id: int) -> Transaction:
        data = self.dataset
        timestamp = epoch_ms(data, transaction_id)
        return Transaction(
            transaction_id=transaction_ref(transaction_id),
            customer_id=customer_ref(int(data.customer_ids[transaction_id])),
            amount=Decimal(amount_text(data, transaction_id)),
            currency=CURRENCY,
            timestamp=timestamp,
            received_at=iso_utc(datetime.fromtimestamp(timestamp / 1000, tz=UTC)),  # received as it happened
            status=Status.RECEIVED,
            terminal_id=terminal_ref(int(data.terminal_ids[transaction_id])),
        )


def replay(
    dataset: SimulatedDataset,
    span: ReplaySpan,
    detectors: Sequence[Detector],
    progress: Progress | None = None,
) -> dict[str, np.ndarray]:
    """Scores per detector name: one per transaction id, NaN outside the scored days."""
    names = [detector.name for detector in detectors]
    if len(set(names)) != len(names):
        raise ValueError(f"detector names must be unique, got {names}")
    feed = TransactionFeed(dataset)
    days = dataset.days
    ids_by_day = np.searchsorted(days, np.arange(span.first_day, span.last_day + 2))
    scores = {d.name: np.full(len(dataset), np.nan) for d in detectors}
    histories: dict[str, deque[PastTransaction]] = {}
    pending: deque[tuple[int, LabelArrival]] = deque()  # in due order: transactions come in time order
    delay_ms, window_ms = DELAY_DAYS * DAY_MS, HISTORY_DAYS * DAY_MS
    started = time.perf_counter()
    for offset, day in enumerate(range(span.first_day, span.last_day + 1)):
        scored = day in span.scored_days
        for transaction_id in range(int(ids_by_day[offset]), int(ids_by_day[offset + 1])):
            transaction = feed.transaction(transaction_id)
            while pending and pending[0][0] <= transaction.timestamp:
                _, arrival = pending.popleft()
                for detector in detectors:
                    detector.apply_label(arrival)
            earlier = histories.setdefault(transaction.customer_id, deque())
            while earlier and earlier[0].timestamp < transaction.timestamp - window_ms:
                earlier.popleft()
            history = CustomerHistory(transaction, earlier, HISTORY_DAYS)
            for detector in detectors:
                score = detector.analyse(transaction, history)
                if scored:
                    scores[detector.name][transaction_id] = score
            earlier.append(PastTransaction.of(transaction))
            if dataset.fraud[transaction_id]:
                due = transaction.timestamp + delay_ms
                pending.append((due, LabelArrival(transaction, True, LABEL_SOURCE, due)))
        if progress is not None:
            count = int(ids_by_day[offset + 1] - ids_by_day[offset])
            role = "scored" if scored else "warm-up"
            progress(
                f"replay {dataset.date_of(day)} ({offset + 1}/"
                f"{span.last_day - span.first_day + 1}, {role}): {count:,} transactions, "
                f"{time.perf_counter() - started:.0f} s"
            )
    return scores
