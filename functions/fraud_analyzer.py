"""Scores new transactions from the table's stream (INSERT records) and writes the analysis back.

Per transaction: one Query on the customer index for its 30-day history (merged in memory with earlier records of
the same customer in this batch, which the eventually consistent index may not show yet), the pure rule engine,
a PutObject alert when HIGH, and one conditional UpdateItem (status RECEIVED -> ANALYZED) so a retried record never
applies twice. Failures are per record: the partial batch response names them and the others succeed.
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

from fraud_adapters.clients import dynamodb_client, s3_client
from fraud_adapters.reports_bucket import ReportsBucket
from fraud_adapters.transactions_table import TransactionsTable
from fraud_domain.history import DAY_MS, CustomerHistory, PastTransaction
from fraud_domain.records import MalformedTransaction, from_item
from fraud_domain.scoring import analyse
from fraud_domain.scoring_config import DEFAULT_SCORING, ScoringConfig
from fraud_domain.transaction import RiskLevel, Status, Transaction, iso_utc
from fraud_settings import Settings

settings = Settings.from_environ()
logger = Logger(service=settings.service_name, level=settings.log_level)
metrics = Metrics(namespace=settings.metrics_namespace, service=settings.service_name)
transactions = TransactionsTable(
    dynamodb_client(settings),
    settings.table_name,
    settings.customer_index_name,
    settings.day_index_name,
    settings.day_shard_count,
)
bucket = ReportsBucket(s3_client(settings), settings.bucket_name)
scoring: ScoringConfig = DEFAULT_SCORING
# Never raise for a batch where every record failed: the partial response already says so, record by record.
processor = BatchProcessor(event_type=EventType.DynamoDBStreams, raise_on_entire_batch_failure=False)


def new_transaction(record: DynamoDBRecord) -> Transaction | None:
    """The transaction an INSERT record carries; None for records this function has nothing to do with."""
    if record.event_name is not DynamoDBRecordEventName.INSERT:
        return None  # the mapping filters to INSERT; our own UpdateItem makes MODIFY records
    if record.dynamodb is None or not record.dynamodb.new_image:
        raise MalformedTransaction("INSERT record without a NewImage")
    transaction = from_item(record.dynamodb.new_image)
    return transaction if transaction.status is Status.RECEIVED else None


class BatchPeers:
    """Earlier transactions of the same customer carried by this batch, by customer."""

    def __init__(self, records: Iterable[dict[str, Any]]) -> None:
        self.by_customer: dict[str, list[PastTransaction]] = {}
        for raw in records:
            try:
                transaction = new_transaction(DynamoDBRecord(raw))
            except (ValueError, KeyError, TypeError, AttributeError):
                continue  # a broken record is reported by its own record handler, not here
            if transaction is not None:
                self.by_customer.setdefault(transaction.customer_id, []).append(PastTransaction.of(transaction))

    def of(self, customer_id: str) -> list[PastTransaction]:
        return self.by_customer.get(customer_id, [])


@dataclass
class AnalysisTally:
    """What this invocation applied (not what a retry found already done), for the metrics flushed at its end."""

    analysed: int = 0
    flagged: int = 0
    alerts: int = 0
    flagged_by_reason: Counter[str] = field(default_factory=Counter)


def analyse_record(record: DynamoDBRecord, peers: BatchPeers, tally: AnalysisTally) -> None:
    transaction = new_transaction(record)
    if transaction is None:
        return
    since = transaction.timestamp - scoring.history_days * DAY_MS
    earlier, unreadable = transactions.customer_history(transaction.customer_id, since, transaction.timestamp)
    if unreadable:
        logger.warning("unreadable history rows skipped", extra={"transactionId": transaction.transaction_id})
    history = CustomerHistory(transaction, [*earlier, *peers.of(transaction.customer_id)], scoring.history_days)
    analysis = analyse(transaction, history, analyzed_at=iso_utc(datetime.now(UTC)), config=scoring)
    if analysis.risk_level is RiskLevel.HIGH:
        # Before the UpdateItem: if the update then fails, the retry rewrites the same key, never loses the alert.
        bucket.put_alert(transaction, analysis)
    if not transactions.record_analysis(transaction, analysis):
        logger.info("already analysed, skipped", extra={"transactionId": transaction.transaction_id})
        return
    tally.analysed += 1
    if analysis.risk_level.is_flagged:
        tally.flagged += 1
        tally.alerts += analysis.risk_level is RiskLevel.HIGH
        tally.flagged_by_reason.update(reason.rule for reason in analysis.reasons)
    # Flagged ones at INFO for the analysts' trail; the ordinary majority only at DEBUG (log volume is cost).
    (logger.info if analysis.risk_level.is_flagged else logger.debug)(
        "transaction analysed",
        extra={
            "transactionId": transaction.transaction_id,
            "fraudScore": analysis.score,
            "riskLevel": analysis.risk_level,
        },
    )


def _analyse_or_report(record: DynamoDBRecord, peers: BatchPeers, tally: AnalysisTally) -> None:
    try:
        analyse_record(record, peers, tally)
    except Exception:
        # The batch response only names the record; the log says why (exception text, never the image).
        sequence_number = record.dynamodb.sequence_number if record.dynamodb else None
        logger.exception("record failed", extra={"sequenceNumber": sequence_number, "eventID": record.event_id})
        raise


def _emit(tally: AnalysisTally) -> None:
    metrics.add_metric(name="TransactionsAnalysed", unit=MetricUnit.Count, value=tally.analysed)
    metrics.add_metric(name="TransactionsFlagged", unit=MetricUnit.Count, value=tally.flagged)
    metrics.add_metric(name="HighRiskAlerts", unit=MetricUnit.Count, value=tally.alerts)
    for rule, count in sorted(tally.flagged_by_reason.items()):
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
    peers = BatchPeers(event.get("Records") or [])
    tally = AnalysisTally()
    response = process_partial_response(
        event=event,
        record_handler=lambda record: _analyse_or_report(record, peers, tally),
        processor=processor,
        context=context,
    )
    _emit(tally)
    return response
