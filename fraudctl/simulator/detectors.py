"""The scorers the replay drives: the analyzer's own domain code, and the baseline rule beside it.

A detector sees what the analyzer Lambda sees for each transaction (the transaction, its customer's 30-day history
built the way the Lambda builds it, its terminal's and merchant's counters) and, through `apply_label`, the fraud
outcomes the label endpoint receives. It returns one number per transaction: higher means more likely fraud. Only
the order matters to the metrics.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Protocol

from fraud_domain.history import CustomerHistory
from fraud_domain.points import Finding
from fraud_domain.risk_counters import InMemoryCounters, seen_deltas
from fraud_domain.scoring import analysis_of, findings
from fraud_domain.scoring_config import DEFAULT_SCORING, ScoringConfig
from fraud_domain.transaction import Analysis, Transaction, iso_utc
from fraudctl.simulator.labels import CounterLabelStore, LabelArrival


class Detector(Protocol):
    name: str

    def analyse(self, transaction: Transaction, history: CustomerHistory) -> float:
        """Score one transaction, doing whatever per-transaction writes the system does (counters, ...)."""
        ...

    def apply_label(self, arrival: LabelArrival) -> None:
        """A fraud outcome arrives (the label endpoint's write path)."""
        ...


class AnalyzerDetector:
    """What the fraud-analyzer Lambda computes, with the label endpoint's counter updates between transactions.

    Per transaction, as `fraud_analyzer.stage_record` and its commit: the counters the transaction names are read
    (`InMemoryCounters.evidence`), `fraud_domain.scoring` scores it with them (`analyse` is `analysis_of(findings(..))`,
    called here in its two steps so a subclass can see the findings), and the commit adds the transaction to its
    terminal's and merchant's day (`seen_deltas`). Labels go through `CounterLabelStore`: `label_change`, then
    `label_deltas`. The score (0-100) is the analysis' score.
    """

    def __init__(self, config: ScoringConfig = DEFAULT_SCORING, name: str = "analyzer") -> None:
        self.config = config
        self.counters = InMemoryCounters()
        self.labels = CounterLabelStore(self.counters)
        self.name = name

    def analyse(self, transaction: Transaction, history: CustomerHistory) -> float:
        # analyzed_at only stamps the analysis; the transaction's own time keeps the replay deterministic.
        analysed_at = iso_utc(datetime.fromtimestamp(transaction.timestamp / 1000, tz=UTC))
        found = findings(transaction, history, self.config, evidence=self.counters.evidence(transaction))
        analysis = analysis_of(found, analysed_at, self.config)
        self.counters.apply(seen_deltas(transaction))
        self.observe(transaction, found, analysis)
        return float(analysis.score)

    def observe(self, transaction: Transaction, found: tuple[Finding, ...], analysis: Analysis) -> None:
        """Called after each analysis; the weights derivation records the findings here."""

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
