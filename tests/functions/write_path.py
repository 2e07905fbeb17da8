"""Puts a day's transactions where the real system leaves them: stored by the processor, analyses committed by the
analyzer's writer (so the aggregates and counters are what the stream path would have written)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from moto_resources import AGGREGATE_SHARDS, AGGREGATES_TABLE, SHARDS, TABLE, put_transactions

from fraud_adapters.analysis_writer import AnalysisWriter, CommitOutcome
from fraud_domain.analysis_commits import AnalysedTransaction
from fraud_domain.transaction import Status, Transaction


def writer(dynamodb: Any) -> AnalysisWriter:
    return AnalysisWriter(dynamodb, TABLE, AGGREGATES_TABLE, SHARDS, AGGREGATE_SHARDS)


def as_received(transaction: Transaction) -> Transaction:
    return replace(transaction, status=Status.RECEIVED, analysis=None)


def seed(dynamodb: Any, transactions: Iterable[Transaction]) -> CommitOutcome:
    """Stores every transaction as received, then commits the analyses the transactions carry (the others stay
    pending), in batches of 100 like the stream's."""
    transactions = list(transactions)
    put_transactions(dynamodb, [as_received(t) for t in transactions])
    analysed = [AnalysedTransaction(as_received(t), t.analysis) for t in transactions if t.analysis is not None]
    outcome = CommitOutcome()
    for start in range(0, len(analysed), 100):
        batch = writer(dynamodb).commit(analysed[start : start + 100], {})
        outcome.applied += batch.applied
        outcome.failed += batch.failed
    assert not outcome.failed, outcome.failed
    return outcome
