"""Fraud outcomes fed back to the system under test, and the seam they go through.

In production an outcome arrives as `PUT /transactions/{id}/label` (a chargeback, an investigation, a customer
report); the label endpoint reads the stored transaction and writes what it learnt. The replay delivers the same
thing, a `LabelArrival`, to a `LabelFeedback`, 7 days after each fraud (the handbook's delay). `CounterLabelStore`
is the label endpoint's write path in memory: the stored label, `label_change`, and the counters' `label_deltas`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from fraud_domain.attribution import explained_by_card
from fraud_domain.labels import Label, LabelSource, label_change
from fraud_domain.risk_counters import InMemoryCounters, label_deltas
from fraud_domain.scoring_config import DEFAULT_SCORING, ScoringConfig
from fraud_domain.transaction import Transaction, iso_utc


@dataclass(frozen=True, slots=True)
class LabelArrival:
    transaction: Transaction  # as stored when the label arrives (what the label endpoint reads before writing)
    fraud: bool
    source: str  # "chargeback" | "investigation" | "customer"
    arrived_at: int  # epoch ms: when the system learns it, not when the transaction happened


class LabelFeedback(Protocol):
    def apply(self, arrival: LabelArrival) -> bool:
        """Record one label; True if it changed what is known (the same label again is a no-op)."""
        ...


class CounterLabelStore:
    """What `PUT /transactions/{id}/label` does, on in-memory counters: the same functions, in the same order.

    The endpoint reads the transaction's stored label and analysis, computes `label_change` with the arrival time
    and the fraud's attribution (`explained_by_card`), and when it changed writes the label with the counters'
    `label_deltas` (one transaction); the same label again writes nothing.
    """

    def __init__(self, counters: InMemoryCounters, config: ScoringConfig = DEFAULT_SCORING) -> None:
        self.counters = counters
        self.config = config
        self.by_transaction: dict[str, Label] = {}

    def apply(self, arrival: LabelArrival) -> bool:
        transaction_id = arrival.transaction.transaction_id
        previous = self.by_transaction.get(transaction_id)
        arrived_at = iso_utc(datetime.fromtimestamp(arrival.arrived_at / 1000, tz=UTC))
        explained = explained_by_card(arrival.transaction, self.config)
        change = label_change(previous, arrival.fraud, LabelSource(arrival.source), arrived_at, explained)
        if not change.changed:
            return False
        self.counters.apply(label_deltas(arrival.transaction, change.previous, change.label))
        self.by_transaction[transaction_id] = change.label
        return True

    def __len__(self) -> int:
        return len(self.by_transaction)
