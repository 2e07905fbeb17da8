"""A day of transactions for bench_report.py, and the two ways it is written: in bulk through the write path's own
code, and through real TransactWriteItems commits. Imported by bench_report.py, which puts functions/ and
tests/functions/ on the path first."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from boto3.dynamodb.types import TypeSerializer
from moto_resources import SHARDS, TABLE
from write_path import as_received, writer

from fraud_adapters.analysis_writer import committed_attributes
from fraud_adapters.transactions_table import PENDING_SHARD, stored_item
from fraud_domain.analysis_commits import AnalysedTransaction, plan_commits
from fraud_domain.transaction import Analysis, Reason, RiskLevel, Status, Transaction

DAY = date(2024, 5, 1)
MIDNIGHT_MS = 1714521600000


def day_of_transactions(count: int, flagged_share: float, seed: int = 7) -> list[Transaction]:
    rng = random.Random(seed)
    customers = max(1, count // 5)
    transactions = []
    for n in range(count):
        currency, places = rng.choice((("USD", 2), ("EUR", 2), ("JPY", 0)))
        roll = rng.random()
        level = (
            RiskLevel.LOW if roll >= flagged_share else RiskLevel.HIGH if roll < flagged_share / 2 else RiskLevel.MEDIUM
        )
        reasons = () if level is RiskLevel.LOW else (Reason("AMOUNT_VS_HISTORY", 35, "amount 5.0 x the median"),)
        transactions.append(
            Transaction(
                transaction_id=f"{DAY.isoformat()}-{n:07d}",
                customer_id=f"cust-{rng.randrange(customers):07d}",
                amount=Decimal(rng.randint(100, 500_000)).scaleb(-places),
                currency=currency,
                timestamp=MIDNIGHT_MS + rng.randrange(86_400_000),
                received_at="2024-05-01T00:00:00.000Z",
                status=Status.ANALYZED,
                country="DE",
                analysis=Analysis(
                    {RiskLevel.LOW: 0, RiskLevel.MEDIUM: 35, RiskLevel.HIGH: 70}[level],
                    level,
                    reasons,
                    "2024-05-02T00:00:00.000Z",
                ),
            )
        )
    return transactions


def seed_in_bulk(dynamodb, transactions: list[Transaction]) -> None:
    serializer = TypeSerializer()
    entries = [AnalysedTransaction(as_received(t), t.analysis) for t in transactions]
    requests = []
    for entry in entries:
        item = stored_item(entry.transaction, SHARDS) | committed_attributes(entry, SHARDS)
        del item[PENDING_SHARD]  # a commit removes it
        requests.append({"PutRequest": {"Item": {k: serializer.serialize(v) for k, v in item.items()}}})
    for start in range(0, len(requests), 25):
        pending = {TABLE: requests[start : start + 25]}
        while pending:
            pending = dynamodb.batch_write_item(RequestItems=pending).get("UnprocessedItems") or None
    analysis_writer = writer(dynamodb)
    for start in range(0, len(entries), 100):  # a stream batch
        for group in plan_commits(entries[start : start + 100]):
            for action in analysis_writer.actions(group, 0, {})[len(group.analysed) :]:
                dynamodb.update_item(**action["Update"])


def seed_through_commits(dynamodb, transactions: list[Transaction]) -> None:
    entries = [AnalysedTransaction(as_received(t), t.analysis) for t in transactions]
    serializer = TypeSerializer()
    for start in range(0, len(entries), 25):
        batch = [
            {
                "PutRequest": {
                    "Item": {k: serializer.serialize(v) for k, v in stored_item(e.transaction, SHARDS).items()}
                }
            }
            for e in entries[start : start + 25]
        ]
        dynamodb.batch_write_item(RequestItems={TABLE: batch})
    for start in range(0, len(entries), 100):
        outcome = writer(dynamodb).commit(entries[start : start + 100], {})
        assert not outcome.failed, outcome.failed
