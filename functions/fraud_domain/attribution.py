"""Whose fraud is it: the card's, or the place's (the terminal and merchant it happened at)?

A compromised terminal or merchant (a skimmer, a breached shop) turns the transactions of every card used there into
fraud; a stolen card is fraud wherever it is used. TERMINAL_ and MERCHANT_CONFIRMED_FRAUDS read counters of confirmed
frauds per place, and those should count only frauds that say something about the place. A fraud whose own analysis
was already flagged by the card's rules alone (MEDIUM or more without the place rules: 5 x the customer's usual
amount, a burst, card testing) is explained by the card. Counted against the terminal, it would mark an ordinary
terminal as risky for a week: on the published simulator most confirmed frauds at terminals that were never
compromised are such card frauds (docs/detection-benchmark.md).

Decided once, when a fraud first becomes known, from the analysis stored on the transaction then, and kept on the
label (fraud_domain.labels): clearing the fraud later takes it out of exactly the counters it went into.
"""

from __future__ import annotations

from fraud_domain.risk_rules import PLACE_RULES
from fraud_domain.scoring_config import ScoringConfig
from fraud_domain.transaction import Transaction


def card_points(transaction: Transaction) -> int:
    """The points of the transaction's stored analysis that came from the card's rules (every rule but the places')."""
    if transaction.analysis is None:
        return 0
    return sum(reason.points for reason in transaction.analysis.reasons if reason.rule not in PLACE_RULES)


def explained_by_card(transaction: Transaction, config: ScoringConfig) -> bool:
    """True when the card's rules alone scored the transaction MEDIUM or more.

    A transaction not analysed yet has no such evidence: its fraud counts at its terminal and merchant.
    """
    return card_points(transaction) >= config.medium_risk_from
