"""The alert object written to S3 for a HIGH-risk transaction."""

from __future__ import annotations

from typing import Any

from fraud_domain.records import analysis_attributes, to_item
from fraud_domain.transaction import Analysis, Transaction, iso_utc


def alert_key(transaction: Transaction) -> str:
    """alerts/YYYY/MM/DD/<transactionId>.json, dated by when the transaction happened (UTC), like the reports."""
    return f"alerts/{transaction.occurred_at:%Y/%m/%d}/{transaction.transaction_id}.json"


def alert_document(transaction: Transaction, analysis: Analysis) -> dict[str, Any]:
    item = to_item(transaction)
    item.pop("status", None)  # the alert is about the analysis, not the item's lifecycle
    return {
        "alertType": "HIGH_RISK_TRANSACTION",
        "transaction": item | {"occurredAt": iso_utc(transaction.occurred_at)},
        **analysis_attributes(analysis),
    }
