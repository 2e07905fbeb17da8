"""The scorers the replay drives: the analyzer's own domain code, and the baseline rules beside it.

A detector sees what the analyzer Lambda sees for each transaction (the transaction, its customer's 30-day history
built the way the Lambda builds it) and, through `apply_label`, the fraud outcomes the label endpoint receives.
It returns one number per transaction: higher means more likely fraud. Only the order matters to the metrics.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Protocol

from fraud_domain.history import CustomerHistory
from fraud_domain.scoring import analyse
from fraud_domain.scoring_config import DEFAULT_SCORING, ScoringConfig
from fraud_domain.transaction import Transaction, iso_utc
from fraudctl.simulator.labels import InMemoryLabelStore, LabelArrival, LabelFeedback


class Detector(Protocol):
    name: str

    def analyse(self, transaction: Transaction, history: CustomerHistory) -> float:
        """Score one transaction, doing whatever per-transaction writes the system does (counters, ...)."""
        ...

    def apply_label(self, arrival: LabelArrival) -> None:
        """A fraud outcome arrives (the label endpoint's write path)."""
        ...


class AnalyzerDetector:
    """What the fraud-analyzer Lambda computes: `fraud_domain.scoring.analyse`, its score (0-100) as the score."""

    def __init__(
        self, config: ScoringConfig = DEFAULT_SCORING, labels: LabelFeedback | None = None, name: str = "analyzer"
    ) -> None:
        self.config = config
        self.labels: LabelFeedback = labels if labels is not None else InMemoryLabelStore()
        self.name = name

    def analyse(self, transaction: Transaction, history: CustomerHistory) -> float:
        # analyzed_at only stamps the analysis; the transaction's own time keeps the replay deterministic.
        analysed_at = iso_utc(datetime.fromtimestamp(transaction.timestamp / 1000, tz=UTC))
        return float(analyse(transaction, history, analyzed_at=analysed_at, config=self.config).score)

    def apply_label(self, arrival: LabelArrival) -> None:
        self.labels.apply(arrival)


class AmountAbove:
    """The single rule "amount > threshold": 1 or 0 (the handbook's scenario 1, the issue's reference point)."""

    def __init__(self, threshold: Decimal = Decimal(220)) -> None:
        self.threshold = threshold
        self.name = f"amount > {threshold}"

    def analyse(self, transaction: Transaction, history: CustomerHistory) -> float:
        return 1.0 if transaction.amount > self.threshold else 0.0

    def apply_label(self, arrival: LabelArrival) -> None:
        return None  # a fixed rule learns nothing
