"""From what a rule found to the points it adds: evidence in units, weights in points per unit, log-odds points.

A rule reports a `Finding`: the numbers it compared (the detail) and its evidence as units of named terms, e.g.
AMOUNT_VS_HISTORY at 4.8 x the median has `rise` 1.0 (1.5 x to 2.5 x), `steep` 1 and `steep_rise` 2.3 (x past 2.5 x).
Its points are the weighted sum of those units, so a rule's strength grows with how far past its threshold the
transaction is. Points are log-odds: 10 points multiply the odds of fraud by e (about 7 points double them), and
independent rules add up, as in a scorecard. The reason's detail ends with the arithmetic, so every point is explained.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from fraud_domain.transaction import Reason

POINTS_PER_LOG_ODDS = 10  # the scale of every weight: 10 points = odds x e

Weights = Mapping[str, Mapping[str, float]]  # rule -> term -> points per unit


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str  # the stable code, e.g. "TERMINAL_CONFIRMED_FRAUDS"
    units: tuple[tuple[str, float], ...]  # (term, units of evidence), in the order the detail explains them
    detail: str  # the numbers the rule compared, in words


def weight_of(weights: Weights, rule: str, term: str) -> float:
    try:
        return float(weights[rule][term])
    except KeyError:
        raise KeyError(f"no weight for {rule}.{term} in the scoring configuration") from None


def finding_points(finding: Finding, weights: Weights) -> int:
    """The weighted sum, rounded half up to whole points (never banker's rounding: 0.5 is always 1)."""
    total = sum(weight_of(weights, finding.rule, term) * units for term, units in finding.units)
    return math.floor(total + 0.5)


def _number(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.2f}".rstrip("0")


def arithmetic(finding: Finding, weights: Weights) -> str:
    """'3 fired + 47 x 0.86 share + 9 x 6 frauds = 97 points': each term's weight times its units."""
    parts = []
    for term, units in finding.units:
        weight = weight_of(weights, finding.rule, term)
        if weight == 0 or units == 0:
            continue  # a term worth nothing here explains nothing
        parts.append(f"{_number(weight)} {term}" if units == 1 else f"{_number(weight)} x {_number(units)} {term}")
    return f"{' + '.join(parts) or '0'} = {finding_points(finding, weights)} points"


def to_reason(finding: Finding, weights: Weights) -> Reason | None:
    """The finding as a stored reason; None when its evidence is worth no points (nothing to explain)."""
    points = finding_points(finding, weights)
    if points <= 0:
        return None
    return Reason(finding.rule, points, f"{finding.detail} [{arithmetic(finding, weights)}]")
