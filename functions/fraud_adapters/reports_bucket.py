"""The fraud-reports bucket: alert objects and daily reports, always SSE-S3 (AES256) and with a content type."""

from __future__ import annotations

from typing import Any

from fraud_domain import json_codec
from fraud_domain.alerts import alert_document, alert_key
from fraud_domain.reports import DailyReport, flagged_csv, report_keys
from fraud_domain.transaction import Analysis, Transaction


class ReportsBucket:
    def __init__(self, client: Any, bucket_name: str) -> None:
        self.client = client
        self.bucket_name = bucket_name

    def _put(self, key: str, body: str, content_type: str) -> None:
        # The bucket encrypts by default too; asking explicitly keeps objects encrypted if that default changes.
        self.client.put_object(
            Bucket=self.bucket_name,
            Key=key,
            Body=body.encode(),
            ContentType=content_type,
            ServerSideEncryption="AES256",
        )

    def put_alert(self, transaction: Transaction, analysis: Analysis) -> str:
        key = alert_key(transaction)
        self._put(key, json_codec.dumps(alert_document(transaction, analysis)), "application/json")
        return key

    def put_report(self, report: DailyReport) -> tuple[str, str]:
        summary_key, csv_key = report_keys(report.day)
        self._put(summary_key, json_codec.dumps(report.summary), "application/json")
        self._put(csv_key, flagged_csv(report), "text/csv; charset=utf-8")
        return summary_key, csv_key
