"""Scores new transactions from the table's stream (INSERT records) and commits each analysis with its counts.

Per batch: one BatchGetItem for the terminal/merchant counters the batch's transactions name (100 keys a call).
Per transaction: one Query on the customer index for its 30-day history (merged in memory with earlier records of
the same customer in this batch, which the eventually consistent index may not show yet), the pure rule engine, a
PutObject alert when HIGH. Then the batch's analyses are committed in as few TransactWriteItems as DynamoDB's 100
actions allow (fraud_domain.analysis_commits): each transaction's update guarded by status = RECEIVED, with the day
aggregates and the counters it adds, so every count is applied exactly once. Failures are per record: the partial
batch response names them and the others succeed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit, single_metric
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import (
    DynamoDBRecord,
    DynamoDBRecordEventName,
)

from fraud_adapters.aggregates_table import AggregatesTable
from fraud_adapters.analysis_writer import AnalysisWriter, CommitOutcome
from fraud_adapters.clients import dynamodb_client, s3_client
from fraud_adapters.reports_bucket import ReportsBucket
from fraud_adapters.transactions_table import TransactionsTable
from fraud_domain.analysis_commits import AnalysedTransaction
from fraud_domain.history import DAY_MS, CustomerHistory, PastTransaction
from fraud_domain.records import MalformedTransaction, from_item
from fraud_domain.risk_counters import RiskCounters, RiskEvidence, counter_keys, evidence_for
from fraud_domain.scoring import analyse
from fraud_domain.scoring_config import DEFAULT_SCORING, ScoringConfig
from fraud_domain.transaction import RiskLevel, Status, Transaction, iso_utc
from fraud_settings import Settings

settings = Settings.from_environ()
logger = Logger(service=settings.service_name, level=settings.log_level)
metrics = Metrics(namespace=settings.metrics_namespace, service=settings.service_name)
dynamodb = dynamodb_client(settings)
transactions = TransactionsTable(dynamodb, settings.table_name, settings.customer_index_name, settings.day_shard_count)
aggregates = AggregatesTable(dynamodb, settings.aggregates_table_name, settings.aggregate_shard_count)
writer = AnalysisWriter(
    dynamodb,
    settings.table_name,
    settings.aggregates_table_name,
    settings.day_shard_count,
    settings.aggregate_shard_count,
)
bucket = ReportsBucket(s3_client(settings), settings.bucket_name)
scoring: ScoringConfig = DEFAULT_SCORING
# Never raise for a batch where every record failed: the partial response already says so, record by record.
processor = BatchProcessor(event_type=EventType.DynamoDBStreams, raise_on_entire_batch_failure=False)


def new_transaction(record: DynamoDBRecord) -> Transaction | None:
    """The transaction an INSERT record carries; None for records this function has nothing to do with."""
    if record.event_name is not DynamoDBRecordEventName.INSERT:
        return None  # the mapping filters to INSERT; our own updates make MODIFY records
    if record.dynamodb is None or not record.dynamodb.new_image:
        raise MalformedTransaction("INSERT record without a NewImage")
    transaction = from_item(record.dynamodb.new_image)
    return transaction if transaction.status is Status.RECEIVED else None


def _readable(records: Iterable[dict[str, Any]]) -> list[Transaction]:
    found = []
    for raw in records:
        try:
            transaction = new_transaction(DynamoDBRecord(raw))
        except (ValueError, KeyError, TypeError, AttributeError):
            continue  # a broken record is reported by its own record handler, not here
        if transaction is not None:
            found.append(transaction)
    return found


@dataclass
class Batch:
    """What one invocation knows beyond a single record: the batch's transactions and the counters they name."""

    by_customer: dict[str, list[PastTransaction]]
    counters: dict[str, dict[str, Any]]  # counter items as read at the start of the batch
    staged: list[tuple[AnalysedTransaction, str]] = field(default_factory=list)  # with the record's sequence number
    staged_at: dict[str, list[Transaction]] = field(default_factory=dict)  # per counter, this batch's so far
    keys: set[tuple[str, int]] = field(default_factory=set)

    @classmethod
    def start(cls, records: Iterable[dict[str, Any]]) -> Batch:
        readable = _readable(records)
        by_customer: dict[str, list[PastTransaction]] = {}
        for transaction in readable:
            by_customer.setdefault(transaction.customer_id, []).append(PastTransaction.of(transaction))
        keys = sorted({key for transaction in readable for key in counter_keys(transaction)})
        return cls(by_customer, aggregates.counters(keys) if keys else {})

    def evidence(self, transaction: Transaction) -> RiskEvidence:
        """The counters as stored plus this batch's earlier analyses there: as if committed one by one."""
        counters = {
            key: RiskCounters.from_attributes(key, self.counters.get(key, {})).with_seen(self.staged_at.get(key, []))
            for key in counter_keys(transaction)
        }
        return evidence_for(transaction, counters)

    def stage(self, entry: AnalysedTransaction, sequence_number: str) -> None:
        self.staged.append((entry, sequence_number))
        for key in counter_keys(entry.transaction):
            self.staged_at.setdefault(key, []).append(entry.transaction)


def stage_record(record: DynamoDBRecord, batch: Batch) -> None:
    transaction = new_transaction(record)
    if transaction is None:
        return
    key = (transaction.transaction_id, transaction.timestamp)
    if key in batch.keys:
        logger.info("record repeated in the batch, analysed once", extra={"transactionId": transaction.transaction_id})
        return
    batch.keys.add(key)
    since = transaction.timestamp - scoring.history_days * DAY_MS
    earlier, unreadable = transactions.customer_history(transaction.customer_id, since, transaction.timestamp)
    if unreadable:
        logger.warning("unreadable history rows skipped", extra={"transactionId": transaction.transaction_id})
    history = CustomerHistory(
        transaction, [*earlier, *batch.by_customer.get(transaction.customer_id, [])], scoring.history_days
    )
    analysed_at = iso_utc(datetime.now(UTC))
    analysis = analyse(transaction, history, analysed_at, config=scoring, evidence=batch.evidence(transaction))
    if analysis.risk_level is RiskLevel.HIGH:
        # Before the commit: if the commit then fails, the retry rewrites the same key, never loses the alert.
        bucket.put_alert(transaction, analysis)
    batch.stage(AnalysedTransaction(transaction, analysis), record.dynamodb.sequence_number if record.dynamodb else "")


def _stage_or_report(record: DynamoDBRecord, batch: Batch) -> None:
    try:
        stage_record(record, batch)
    except Exception:
        # The batch response only names the record; the log says why (exception text, never the image).
        sequence_number = record.dynamodb.sequence_number if record.dynamodb else None
        logger.exception("record failed", extra={"sequenceNumber": sequence_number, "eventID": record.event_id})
        raise


def _key(entry: AnalysedTransaction) -> tuple[str, int]:
    return entry.transaction.transaction_id, entry.transaction.timestamp


def _log_outcome(outcome: CommitOutcome, sequence_of: dict[tuple[str, int], str]) -> None:
    for entry in outcome.applied:
        analysis = entry.analysis
        # Flagged ones at INFO for the analysts' trail; the ordinary majority only at DEBUG (log volume is cost).
        (logger.info if analysis.risk_level.is_flagged else logger.debug)(
            "transaction analysed",
            extra={
                "transactionId": entry.transaction.transaction_id,
                "fraudScore": analysis.score,
                "riskLevel": analysis.risk_level,
            },
        )
    for entry in outcome.already_done:
        logger.info("already analysed, skipped", extra={"transactionId": entry.transaction.transaction_id})
    for entry, error in outcome.failed:
        extra = {"transactionId": entry.transaction.transaction_id, "sequenceNumber": sequence_of[_key(entry)]}
        logger.error("commit failed", extra=extra | {"error": str(error)})


def _emit(outcome: CommitOutcome) -> None:
    flagged = [entry.analysis for entry in outcome.applied if entry.analysis.risk_level.is_flagged]
    metrics.add_metric(name="TransactionsAnalysed", unit=MetricUnit.Count, value=len(outcome.applied))
    metrics.add_metric(name="TransactionsFlagged", unit=MetricUnit.Count, value=len(flagged))
    alerts = sum(analysis.risk_level is RiskLevel.HIGH for analysis in flagged)
    metrics.add_metric(name="HighRiskAlerts", unit=MetricUnit.Count, value=alerts)
    metrics.add_metric(name="CommitConflicts", unit=MetricUnit.Count, value=outcome.conflicts)
    by_reason = Counter(reason.rule for analysis in flagged for reason in analysis.reasons)
    for rule, count in sorted(by_reason.items()):
        # One EMF document per reason: a dimension value per rule, without multiplying the main metric set.
        with single_metric(
            name="FlaggedByReason",
            unit=MetricUnit.Count,
            value=count,
            namespace=settings.metrics_namespace,
            default_dimensions={"service": settings.service_name},
        ) as metric:
            metric.add_dimension(name="reason", value=rule)


@metrics.log_metrics
@logger.inject_lambda_context(log_event=False)
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    records = event.get("Records") or []
    batch = Batch.start(records)
    response = process_partial_response(
        event=event,
        record_handler=lambda record: _stage_or_report(record, batch),
        processor=processor,
        context=context,
    )
    outcome = writer.commit([entry for entry, _ in batch.staged], batch.counters)
    sequence_of = {_key(entry): sequence for entry, sequence in batch.staged}
    _log_outcome(outcome, sequence_of)
    _emit(outcome)
    failed = [item["itemIdentifier"] for item in response.get("batchItemFailures", [])]
    failed += [sequence_of[_key(entry)] for entry, _ in outcome.failed]
    # In batch order: Lambda restarts the shard from the lowest failed sequence number.
    order = {(record.get("dynamodb") or {}).get("SequenceNumber"): i for i, record in enumerate(records)}
    ordered = sorted(set(failed), key=lambda sequence: order.get(sequence, len(order)))
    return {"batchItemFailures": [{"itemIdentifier": sequence} for sequence in ordered]}
