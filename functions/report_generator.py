"""The daily fraud report: one UTC day from its aggregates and its flagged transactions, written to S3.

Invoked by the EventBridge schedule (reports the previous UTC day) or with {"date": "YYYY-MM-DD"}. It reads the
day's flagged items from the sparse flagged index (merged in time order across its shards, the CSV streamed to S3
as they come), then the day's aggregate shards (one BatchGetItem), then the items still pending analysis. It never
reads an analysed, unflagged transaction: its cost follows the flagged share, not the day's volume. Flagged first,
then the aggregates: on a day still open, a transaction flagged meanwhile is counted as analysed, never flagged
without being counted. The objects are a pure function of the day's items: a re-run writes the same bytes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from aws_lambda_powertools import Logger

from fraud_adapters.aggregates_table import AggregatesTable
from fraud_adapters.clients import dynamodb_client, s3_client
from fraud_adapters.day_items import DayItems
from fraud_adapters.flagged_customers import SpillingFlaggedCustomers
from fraud_adapters.reports_bucket import ReportsBucket
from fraud_domain.records import MalformedTransaction, from_item
from fraud_domain.report_request import report_day
from fraud_domain.reports import DailyReportBuilder, report_keys
from fraud_domain.transaction import Status, Transaction
from fraud_settings import Settings

settings = Settings.from_environ()
logger = Logger(service=settings.service_name, level=settings.log_level)
dynamodb = dynamodb_client(settings, pool_size=settings.day_shard_count + 2)  # one connection per shard reader
day_items = DayItems(
    dynamodb,
    settings.table_name,
    settings.flagged_index_name,
    settings.pending_index_name,
    settings.day_index_name,
    settings.day_shard_count,
)
aggregates = AggregatesTable(dynamodb, settings.aggregates_table_name, settings.aggregate_shard_count)
bucket = ReportsBucket(s3_client(settings), settings.bucket_name)


def _readable(item: dict[str, Any], report: DailyReportBuilder) -> Transaction | None:
    """The item's transaction; an item that does not hold one is counted as unreadable, never fatal."""
    try:
        return from_item(item)
    except MalformedTransaction:
        report.add_unreadable()
        return None


def _write_flagged(report: DailyReportBuilder, csv_key: str, day: date) -> None:
    with bucket.streamed(csv_key, "text/csv; charset=utf-8") as csv_object:
        csv_object.write(report.csv_header())
        for item in day_items.flagged_in_order(day):
            transaction = _readable(item, report)
            if transaction is None:
                continue
            if transaction.analysis is None or not transaction.analysis.risk_level.is_flagged:
                report.add_unreadable()  # in the flagged index without a flagged analysis: not a report row
                continue
            csv_object.write(report.add_flagged(transaction))


def _count_pending(report: DailyReportBuilder, day: date) -> None:
    for item in day_items.pending(day):
        transaction = _readable(item, report)
        if transaction is not None and transaction.status is Status.RECEIVED:
            report.add_pending(transaction)


@logger.inject_lambda_context(log_event=False)
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    day = report_day(event, today=datetime.now(UTC).date())  # InvalidReportRequest: fails before any I/O
    summary_key, csv_key = report_keys(day)
    with SpillingFlaggedCustomers() as customers:
        report = DailyReportBuilder(day, customers)
        _write_flagged(report, csv_key, day)
        for shard in aggregates.day(day):
            report.add_aggregate(shard)
        _count_pending(report, day)
        summary = report.summary()
    bucket.put_json(summary_key, summary)
    if summary["totals"]["unreadableItems"]:
        logger.warning(
            "unreadable items skipped",
            extra={"reportDate": day.isoformat(), "unreadable": summary["totals"]["unreadableItems"]},
        )
    outcome = {
        "reportDate": day.isoformat(),
        "transactions": summary["totals"]["transactions"],
        "flagged": summary["flagged"]["transactions"],
        "pending": summary["totals"]["pendingAnalysis"],
        "reportKey": summary_key,
        "flaggedCsvKey": csv_key,
    }
    logger.info("report written", extra=outcome)
    return outcome
