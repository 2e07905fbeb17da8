"""Fraud outcomes fed back to the system under test, and the seam they go through.

In production an outcome arrives as `PUT /transactions/{id}/label` (a chargeback, an investigation, a customer
report); the label endpoint reads the stored transaction and writes what it learnt. The replay delivers the same
thing, a `LabelArrival`, to a `LabelFeedback`, 7 days after each fraud (the handbook's delay). A detector whose
rules read confirmed frauds (terminal or merchant counters) plugs its label write path in here; the in-memory store
below only keeps the labels, which is all today's analyzer needs (none of its rules reads a label).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from fraud_domain.transaction import Transaction


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


class InMemoryLabelStore:
    """Labels kept by transaction id, as the label endpoint keeps them on the transaction."""

    def __init__(self) -> None:
        self.by_transaction: dict[str, LabelArrival] = {}

    def apply(self, arrival: LabelArrival) -> bool:
        known = self.by_transaction.get(arrival.transaction.transaction_id)
        if known is not None and known.fraud == arrival.fraud:
            return False
        self.by_transaction[arrival.transaction.transaction_id] = arrival
        return True

    def __len__(self) -> int:
        return len(self.by_transaction)
