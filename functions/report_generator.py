"""The daily fraud report: one UTC day's transactions from the sharded day index, aggregated, written to S3.

Invoked by the EventBridge schedule (reports the previous UTC day) or with {"date": "YYYY-MM-DD"}. It reads only
that day's items (every shard of the day key, in parallel, page by page), never a Scan, so its cost follows the
day's volume, not the table's size. The objects are a pure function of the items: a re-run writes the same bytes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools import Logger

from fraud_adapters.clients import dynamodb_client, s3_client
from fraud_adapters.reports_bucket import ReportsBucket
from fraud_adapters.transactions_table import TransactionsTable
from fraud_domain.records import readable_transactions
from fraud_domain.report_request import report_day
from fraud_domain.reports import build_daily_report
from fraud_settings import Settings

settings = Settings.from_environ()
logger = Logger(service=settings.service_name, level=settings.log_level)
transactions = TransactionsTable(
    dynamodb_client(settings, pool_size=settings.day_shard_count),  # one connection per shard reader
    settings.table_name,
    settings.customer_index_name,
    settings.day_index_name,
    settings.day_shard_count,
)
bucket = ReportsBucket(s3_client(settings), settings.bucket_name)


@logger.inject_lambda_context(log_event=False)
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    day = report_day(event, today=datetime.now(UTC).date())  # InvalidReportRequest: fails before any I/O
    items = transactions.items_of_day(day)
    day_transactions, unreadable = readable_transactions(items)
    if unreadable:
        logger.warning("unreadable items skipped", extra={"reportDate": day.isoformat(), "unreadable": unreadable})
    report = build_daily_report(day, day_transactions, unreadable_items=unreadable)
    summary_key, csv_key = bucket.put_report(report)
    outcome = {
        "reportDate": day.isoformat(),
        "transactions": report.summary["totals"]["transactions"],
        "flagged": report.summary["flagged"]["transactions"],
        "reportKey": summary_key,
        "flaggedCsvKey": csv_key,
    }
    logger.info("report written", extra=outcome)
    return outcome
