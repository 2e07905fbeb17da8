"""The scorers the replay drives: the analyzer's own domain code, and the baseline rule beside it.

A detector sees what the analyzer Lambda sees for each transaction (the transaction, its customer's 30-day history
built the way the Lambda builds it, its terminal's and merchant's counters) and, through `apply_label`, the fraud
outcomes the label endpoint receives. It returns one number per transaction: higher means more likely fraud. Only
the order matters to the metrics.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from typing import Protocol

from fraud_domain.history import DAY_MS, CustomerHistory
from fraud_domain.points import Finding
from fraud_domain.risk_counters import InMemoryCounters, seen_deltas
from fraud_domain.scoring import analysis_of, findings
from fraud_domain.scoring_config import DEFAULT_SCORING, ScoringConfig
from fraud_domain.transaction import Analysis, Status, Transaction, iso_utc
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

    The label endpoint reads the transaction as stored, with its analysis (which decides whether the fraud is the
    card's, fraud_domain.attribution): the analyses of the last `kept_days` are kept for that, by transaction id.
    A label for an older transaction finds none, as for a transaction not analysed yet.
    """

    def __init__(self, config: ScoringConfig = DEFAULT_SCORING, name: str = "analyzer", kept_days: int = 14) -> None:
        self.config = config
        self.counters = InMemoryCounters()
        self.labels = CounterLabelStore(self.counters, config)
        self.name = name
        self.kept_ms = kept_days * DAY_MS
        self.analyses: OrderedDict[str, tuple[int, Analysis]] = OrderedDict()  # id -> (timestamp, analysis)

    def analyse(self, transaction: Transaction, history: CustomerHistory) -> float:
        # analyzed_at only stamps the analysis; the transaction's own time keeps the replay deterministic.
        analysed_at = iso_utc(datetime.fromtimestamp(transaction.timestamp / 1000, tz=UTC))
        found = findings(transaction, history, self.config, evidence=self.counters.evidence(transaction))
        analysis = analysis_of(found, analysed_at, self.config)
        self.counters.apply(seen_deltas(transaction))
        self.observe(transaction, found, analysis)
        self._keep(transaction, analysis)
        return float(analysis.score)

    def _keep(self, transaction: Transaction, analysis: Analysis) -> None:
        self.analyses[transaction.transaction_id] = (transaction.timestamp, analysis)
        while self.analyses:
            oldest = next(iter(self.analyses.values()))[0]
            if oldest >= transaction.timestamp - self.kept_ms:
                break
            self.analyses.popitem(last=False)

    def observe(self, transaction: Transaction, found: tuple[Finding, ...], analysis: Analysis) -> None:
        """Called after each analysis; the weights derivation records the findings here."""

    def apply_label(self, arrival: LabelArrival) -> None:
        kept = self.analyses.get(arrival.transaction.transaction_id)
        if kept is not None:
            stored = replace(arrival.transaction, status=Status.ANALYZED, analysis=kept[1])
            arrival = replace(arrival, transaction=stored)
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
