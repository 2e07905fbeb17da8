"""Fits the weights of the rules the simulator has fraud for, on a data set kept for that alone (seed offset 7).

1. The benchmark's own replay (the analyzer's domain code, labels fed back through the label endpoint's counter
   logic) on the derivation data set, recording each transaction's findings: their units are the features.
2. A logistic regression of fraud on the units of the fitted rules' terms, over the replay's scored days (28 days,
   about 270,000 transactions). Its coefficients, times 10, are the points per unit (fraud_domain.points): log-odds.
   A term whose weight comes out negative is dropped and the rest refitted, so evidence never lowers a score.
3. MERCHANT_CONFIRMED_FRAUDS gets the terminal's weights: the simulator has no merchants to fit them on.

Nothing here sees the benchmark's data sets (offsets 0 and 1) or any test window of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from sklearn.linear_model import LogisticRegression

from fraud_domain.points import POINTS_PER_LOG_ODDS, Finding
from fraud_domain.scoring_config import DEFAULT_SCORING, ScoringConfig
from fraud_domain.transaction import Analysis, Transaction
from fraudctl.simulator.dataset import SimulatedDataset
from fraudctl.simulator.detectors import AnalyzerDetector
from fraudctl.simulator.evaluation import HANDBOOK_WINDOWS
from fraudctl.simulator.replay import Progress, replay, span_for

DERIVATION_SEED_OFFSET = 7  # used for nothing else: not a benchmark offset (0, 1), not a design check (8-10)
BENCHMARK_SEED_OFFSETS = frozenset({0, 1})  # the data sets the benchmark reports: never fitted on
FITTED_TERMS: tuple[tuple[str, str], ...] = (
    ("HIGH_AMOUNT", "fired"),
    ("HIGH_AMOUNT", "doublings"),
    ("AMOUNT_VS_HISTORY", "rise"),
    ("AMOUNT_VS_HISTORY", "steep"),
    ("AMOUNT_VS_HISTORY", "steep_rise"),
    ("EARLIER_STEEP_AMOUNTS", "earlier"),
    ("TERMINAL_CONFIRMED_FRAUDS", "fired"),
    ("TERMINAL_CONFIRMED_FRAUDS", "share"),
    ("TERMINAL_CONFIRMED_FRAUDS", "recent_share"),
    ("TERMINAL_CONFIRMED_FRAUDS", "frauds"),
)
COPIED_RULES = {"MERCHANT_CONFIRMED_FRAUDS": "TERMINAL_CONFIRMED_FRAUDS"}
REGULARISATION_C = 1.0  # scikit-learn's default L2 strength: keeps a perfectly separating term (amount) finite


class FindingsRecorder(AnalyzerDetector):
    """The analyzer detector, keeping every transaction's findings by its position in the data set."""

    def __init__(self, config: ScoringConfig = DEFAULT_SCORING) -> None:
        super().__init__(config, name="analyzer")
        self.found: dict[int, tuple[Finding, ...]] = {}

    def observe(self, transaction: Transaction, found: tuple[Finding, ...], analysis: Analysis) -> None:
        if found:
            self.found[int(transaction.transaction_id.removeprefix("SIM-"))] = found


@dataclass
class Recording:
    """What the replay found, and the transactions to fit on (the scored days)."""

    dataset: SimulatedDataset
    rows: np.ndarray  # transaction ids
    found: dict[int, tuple[Finding, ...]]
    scores: np.ndarray  # the analyzer's score per transaction id under the weights it ran with


def record(
    dataset: SimulatedDataset, config: ScoringConfig = DEFAULT_SCORING, progress: Progress | None = None
) -> Recording:
    span = span_for(dataset, HANDBOOK_WINDOWS)
    recorder = FindingsRecorder(config)
    scores = replay(dataset, span, [recorder], progress=progress)[recorder.name]
    rows = np.flatnonzero(~np.isnan(scores))
    return Recording(dataset, rows, recorder.found, scores)


def design_matrix(recording: Recording, terms: Sequence[tuple[str, str]] = FITTED_TERMS) -> np.ndarray:
    """One row per scored transaction, one column per (rule, term): the units the rule found, 0 if it did not fire."""
    column = {term: j for j, term in enumerate(terms)}
    matrix = np.zeros((len(recording.rows), len(terms)))
    for i, transaction_id in enumerate(recording.rows.tolist()):
        for finding in recording.found.get(transaction_id, ()):
            for term, units in finding.units:
                j = column.get((finding.rule, term))
                if j is not None:
                    matrix[i, j] = units
    return matrix


@dataclass
class Fit:
    weights: dict[str, dict[str, float]]  # rule -> term -> points per unit, rounded to 0.1
    intercept: float  # log-odds of fraud with no evidence
    dropped: list[tuple[str, str]] = field(default_factory=list)  # terms whose weight came out negative
    transactions: int = 0
    frauds: int = 0


def fit_weights(recording: Recording, terms: Sequence[tuple[str, str]] = FITTED_TERMS) -> Fit:
    x, y = design_matrix(recording, terms), recording.dataset.fraud[recording.rows]
    kept, dropped = list(range(len(terms))), []
    while True:
        model = LogisticRegression(C=REGULARISATION_C, max_iter=5000).fit(x[:, kept], y)
        negative = [kept[k] for k, coefficient in enumerate(model.coef_[0]) if coefficient < 0]
        if not negative:
            break
        worst = min(negative, key=lambda j: model.coef_[0][kept.index(j)])
        kept.remove(worst)
        dropped.append(terms[worst])
    weights: dict[str, dict[str, float]] = {}
    for j, (rule, term) in enumerate(terms):
        coefficient = model.coef_[0][kept.index(j)] if j in kept else 0.0
        weights.setdefault(rule, {})[term] = round(float(POINTS_PER_LOG_ODDS * coefficient), 1)
    for rule, source in COPIED_RULES.items():
        weights[rule] = dict(weights[source])
    return Fit(weights, round(float(model.intercept_[0]), 3), dropped, len(y), int(y.sum()))


def weights_module(fit: Fit, seed_offset: int, command: str) -> str:
    """The text of `fraud_domain/scoring_weights.py`: the fitted weights, with how they were made in its header."""
    return f'''"""Points per unit of the rules the published simulator has fraud for: generated, do not edit by hand.

Made by `{command}` (fraudctl.simulator.derivation): a logistic regression of
fraud on the rules' units over the derivation data set, simulator seed offset {seed_offset} (never a benchmark offset),
{fit.transactions:,} scored transactions, {fit.frauds:,} frauds; coefficients x {POINTS_PER_LOG_ODDS} = points per unit.
Intercept {fit.intercept} (log-odds of fraud with no evidence).
Terms dropped for a negative weight: {_terms(fit.dropped)}.
MERCHANT_CONFIRMED_FRAUDS copies TERMINAL_CONFIRMED_FRAUDS: the simulator has no merchants.
"""

INTERCEPT_LOG_ODDS = {fit.intercept}

DERIVED_WEIGHTS = {{
{_weight_lines(fit.weights)}
}}
'''


def _weight_lines(weights: dict[str, dict[str, float]]) -> str:
    """One rule a line, in the layout `ruff format` keeps (double quotes, trailing commas)."""
    lines = []
    for rule, terms in weights.items():
        inner = ", ".join(f'"{term}": {points!r}' for term, points in terms.items())
        lines.append(f'    "{rule}": {{{inner}}},')
    return "\n".join(lines)


def _terms(terms: Sequence[tuple[str, str]]) -> str:
    return ", ".join(f"{rule}.{term}" for rule, term in terms) or "none"
