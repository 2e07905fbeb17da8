"""Rules that read terminal and merchant risk (the counters fed by confirmed labels), beside the customer rules.

The seam for risk rules: each is a pure function of (transaction, evidence, config) returning a Reason or None,
where the evidence holds the terminal's and merchant's counters as known when the transaction is scored
(`risk_counters.RiskCounters.window`). `scoring.analyse` runs `RISK_RULES` after the customer rules.
"""

from __future__ import annotations

from collections.abc import Callable

from fraud_domain.risk_counters import RiskEvidence, RiskWindow
from fraud_domain.scoring_config import ScoringConfig
from fraud_domain.transaction import Reason, Transaction

RiskRule = Callable[[Transaction, RiskEvidence, ScoringConfig], Reason | None]


def describe_window(scope: str, window: RiskWindow) -> str:
    """ "terminal T-3156: 6 confirmed frauds in 41 transactions over the last 14 days"."""
    frauds = f"{window.confirmed_frauds} confirmed fraud{'s' if window.confirmed_frauds != 1 else ''}"
    seen = f"{window.transactions} transaction{'s' if window.transactions != 1 else ''}"
    return f"{scope} {window.identifier}: {frauds} in {seen} over the last {window.days} days"


def terminal_confirmed_frauds(txn: Transaction, evidence: RiskEvidence, config: ScoringConfig) -> Reason | None:
    if evidence.terminal is None:
        return None
    window = evidence.terminal.window(txn.timestamp, config.terminal_window_days)
    if window.confirmed_frauds < config.terminal_min_frauds:
        return None
    if window.confirmed_frauds < config.terminal_min_fraud_rate * window.transactions:
        return None
    return Reason("TERMINAL_CONFIRMED_FRAUDS", config.terminal_points, describe_window("terminal", window))


RISK_RULES: tuple[RiskRule, ...] = (terminal_confirmed_frauds,)
