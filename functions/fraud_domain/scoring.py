"""Runs the rules and turns their findings into points, a score and a risk level.

Points are log-odds (fraud_domain.points): the score is their sum, capped at `max_score`. On the simulator the
weights were fitted on, a score s means odds of fraud of about exp(s / 10 - 6.57) (scoring_weights.INTERCEPT_LOG_ODDS):
a probability of about 3 % at 30 (MEDIUM) and 36 % at 60 (HIGH) (docs/functions.md).
"""

from __future__ import annotations

from fraud_domain.history import CustomerHistory
from fraud_domain.points import Finding, to_reason
from fraud_domain.risk_counters import NO_EVIDENCE, RiskEvidence
from fraud_domain.risk_rules import RISK_RULES, RiskRule
from fraud_domain.rules import RULES, Rule
from fraud_domain.scoring_config import DEFAULT_SCORING, ScoringConfig
from fraud_domain.transaction import Analysis, RiskLevel, Transaction


def risk_level(score: int, config: ScoringConfig = DEFAULT_SCORING) -> RiskLevel:
    if score >= config.high_risk_from:
        return RiskLevel.HIGH
    if score >= config.medium_risk_from:
        return RiskLevel.MEDIUM
    return RiskLevel.LOW


def findings(
    transaction: Transaction,
    history: CustomerHistory,
    config: ScoringConfig = DEFAULT_SCORING,
    rules: tuple[Rule, ...] = RULES,
    evidence: RiskEvidence = NO_EVIDENCE,
    risk_rules: tuple[RiskRule, ...] = RISK_RULES,
) -> tuple[Finding, ...]:
    """The customer rules on the history, then the risk rules on the terminal/merchant evidence, in that order."""
    found = tuple(finding for rule in rules if (finding := rule(transaction, history, config)) is not None)
    return found + tuple(finding for rule in risk_rules if (finding := rule(transaction, evidence, config)) is not None)


def analysis_of(found: tuple[Finding, ...], analyzed_at: str, config: ScoringConfig = DEFAULT_SCORING) -> Analysis:
    """Each finding worth points becomes a reason; the score is their sum, capped."""
    reasons = tuple(reason for finding in found if (reason := to_reason(finding, config.weights)) is not None)
    score = min(config.max_score, sum(reason.points for reason in reasons))
    return Analysis(score=score, risk_level=risk_level(score, config), reasons=reasons, analyzed_at=analyzed_at)


def analyse(
    transaction: Transaction,
    history: CustomerHistory,
    analyzed_at: str,
    config: ScoringConfig = DEFAULT_SCORING,
    rules: tuple[Rule, ...] = RULES,
    evidence: RiskEvidence = NO_EVIDENCE,
    risk_rules: tuple[RiskRule, ...] = RISK_RULES,
) -> Analysis:
    found = findings(transaction, history, config, rules, evidence, risk_rules)
    return analysis_of(found, analyzed_at, config)
