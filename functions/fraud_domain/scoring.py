"""Runs the rules and turns their points into a score and a risk level."""

from __future__ import annotations

from fraud_domain.history import CustomerHistory
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


def analyse(
    transaction: Transaction,
    history: CustomerHistory,
    analyzed_at: str,
    config: ScoringConfig = DEFAULT_SCORING,
    rules: tuple[Rule, ...] = RULES,
    evidence: RiskEvidence = NO_EVIDENCE,
    risk_rules: tuple[RiskRule, ...] = RISK_RULES,
) -> Analysis:
    """The customer rules on the history, then the risk rules on the terminal/merchant evidence, in that order."""
    reasons = tuple(reason for rule in rules if (reason := rule(transaction, history, config)) is not None)
    reasons += tuple(reason for rule in risk_rules if (reason := rule(transaction, evidence, config)) is not None)
    score = min(config.max_score, sum(reason.points for reason in reasons))
    return Analysis(score=score, risk_level=risk_level(score, config), reasons=reasons, analyzed_at=analyzed_at)
