"""Rules that read terminal and merchant risk (the counters fed by confirmed labels), beside the customer rules.

Each is a pure function of (transaction, evidence, config) returning a Finding or None, where the evidence holds the
terminal's and merchant's counters as known when the transaction is scored (`risk_counters.RiskCounters`): frauds
count from the day their label arrived, so a rule never sees a label from after the transaction's own day.

A compromised terminal turns every transaction there into fraud until it is found and fixed; its frauds are
confirmed about `label_delay_days` later. So the evidence is the share of the terminal's transactions that turned
out fraud on the days the frauds just confirmed happened (over the window and over its last days), and how many
they are. A run of confirmed frauds that began more than `risk_run_max_days` ago is taken as a compromise already
over: on the published simulator compromises last 28 days, and the transactions after them are legitimate.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from fraud_domain.points import Finding
from fraud_domain.risk_counters import RiskCounters, RiskEvidence
from fraud_domain.scoring_config import ScoringConfig
from fraud_domain.sharding import day_of
from fraud_domain.transaction import Transaction

RiskRule = Callable[[Transaction, RiskEvidence, ScoringConfig], Finding | None]

TERMINAL_RULE, MERCHANT_RULE = "TERMINAL_CONFIRMED_FRAUDS", "MERCHANT_CONFIRMED_FRAUDS"
# The rules about where a transaction happened, not which card made it (fraud_domain.attribution).
PLACE_RULES = frozenset({TERMINAL_RULE, MERCHANT_RULE})


@dataclass(frozen=True, slots=True)
class ShareOfDays:
    """Frauds confirmed on label days, against the transactions of the days they happened (label delay earlier)."""

    frauds: int
    transactions: int
    first: date  # the days the frauds happened, if they came `label_delay_days` late
    last: date

    @property
    def share(self) -> float:
        # More frauds than transactions means labels came sooner than the delay: all of them fraud, then.
        return self.frauds / max(self.transactions, self.frauds) if self.frauds else 0.0

    def describe(self) -> str:
        days = f"{self.first:%Y-%m-%d}" if self.first == self.last else f"{self.first:%Y-%m-%d}..{self.last:%m-%d}"
        of = f"{self.transactions} transaction{'s' if self.transactions != 1 else ''} of {days}"
        if self.transactions < self.frauds:
            return f"100 % (more than its {of})"
        return f"{round(100 * self.share)} % of its {of}"


@dataclass(frozen=True, slots=True)
class ConfirmedFrauds:
    """What a terminal's (or merchant's) counters say on the scored day."""

    window: ShareOfDays  # the last `risk_window_days` of labels
    recent: ShareOfDays  # the last `risk_recent_days` of them
    run_start: date  # when the current run of confirmed frauds began (its first label day)
    run_days: int  # days from then to the scored day (0: today)


def _share(counters: RiskCounters, today: date, days: int, delay: int) -> ShareOfDays:
    first_label = today - timedelta(days=days - 1)
    first, last = first_label - timedelta(days=delay), today - timedelta(days=delay)
    return ShareOfDays(counters.frauds_between(first_label, today), counters.seen_between(first, last), first, last)


def run_start(counters: RiskCounters, today: date, config: ScoringConfig) -> date:
    """When the run of confirmed frauds that reaches the latest one began: label days at most a gap apart."""
    days = counters.fraud_days(today - timedelta(days=config.risk_run_lookback_days - 1), today)
    if not days:
        return today
    start = days[-1]
    for earlier in reversed(days[:-1]):
        if (start - earlier).days > config.risk_run_gap_days:
            break
        start = earlier
    return start


def confirmed_frauds(counters: RiskCounters, at_ms: int, config: ScoringConfig) -> ConfirmedFrauds:
    today, delay = day_of(at_ms), config.label_delay_days
    start = run_start(counters, today, config)
    return ConfirmedFrauds(
        window=_share(counters, today, config.risk_window_days, delay),
        recent=_share(counters, today, config.risk_recent_days, delay),
        run_start=start,
        run_days=(today - start).days,
    )


def _finding(
    rule: str, scope: str, counters: RiskCounters | None, txn: Transaction, config: ScoringConfig
) -> Finding | None:
    if counters is None:
        return None
    known = confirmed_frauds(counters, txn.timestamp, config)
    frauds = known.window.frauds
    if frauds < 1 or known.run_days >= config.risk_run_max_days:
        return None
    units = (
        ("fired", 1.0),
        ("share", round(known.window.share, 2)),
        ("recent_share", round(known.recent.share, 2)),
        ("frauds", float(min(frauds, config.risk_max_frauds))),
    )
    identifier = counters.key.split("#", 1)[1]
    detail = (
        f"{scope} {identifier}: {frauds} confirmed fraud{'s' if frauds != 1 else ''} in the last "
        f"{config.risk_window_days} days, {known.window.describe()}; {known.recent.frauds} in the last "
        f"{config.risk_recent_days}, {known.recent.describe()} (labels come about {config.label_delay_days} days "
        f"late); frauds confirmed there since {known.run_start:%Y-%m-%d}"
    )
    return Finding(rule, units, detail)


def terminal_confirmed_frauds(txn: Transaction, evidence: RiskEvidence, config: ScoringConfig) -> Finding | None:
    return _finding(TERMINAL_RULE, "terminal", evidence.terminal, txn, config)


def merchant_confirmed_frauds(txn: Transaction, evidence: RiskEvidence, config: ScoringConfig) -> Finding | None:
    return _finding(MERCHANT_RULE, "merchant", evidence.merchant, txn, config)


RISK_RULES: tuple[RiskRule, ...] = (terminal_confirmed_frauds, merchant_confirmed_frauds)
