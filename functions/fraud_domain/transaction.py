"""A card transaction as the system stores it, and the fraud analysis attached to it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum

from fraud_domain.labels import Label


class Status(StrEnum):
    RECEIVED = "RECEIVED"  # stored by the API, waiting for the analyzer
    ANALYZED = "ANALYZED"


class RiskLevel(StrEnum):
    LOW = "LOW"
    MEDIUM = "MEDIUM"
    HIGH = "HIGH"

    @property
    def is_flagged(self) -> bool:
        """Flagged means "worth a look": MEDIUM or HIGH. Only HIGH raises an alert."""
        return self is not RiskLevel.LOW


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a rule added points, in words that carry the numbers the rule compared."""

    rule: str  # stable code, e.g. "AMOUNT_VS_HISTORY": metrics and reports count by it
    points: int
    detail: str  # "amount 312.40 is 4.8 x the customer's 30-day median of 65.10"


@dataclass(frozen=True, slots=True)
class Analysis:
    score: int
    risk_level: RiskLevel
    reasons: tuple[Reason, ...]
    analyzed_at: str  # ISO 8601 UTC


@dataclass(frozen=True, slots=True)
class Transaction:
    transaction_id: str
    customer_id: str
    amount: Decimal
    currency: str
    timestamp: int  # epoch milliseconds, UTC: when the transaction happened (the table's sort key)
    received_at: str  # ISO 8601 UTC: when the API accepted it
    status: Status = Status.RECEIVED
    merchant_id: str | None = None
    terminal_id: str | None = None
    country: str | None = None
    channel: str | None = None
    analysis: Analysis | None = None
    label: Label | None = None  # the fraud team's outcome, once one arrived (PUT /transactions/{id}/label)

    @property
    def occurred_at(self) -> datetime:
        return datetime.fromtimestamp(self.timestamp / 1000, tz=UTC)


def iso_utc(moment: datetime) -> str:
    """ISO 8601 in UTC with milliseconds and a Z: '2024-05-01T12:00:00.123Z'."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def epoch_millis(moment: datetime) -> int:
    # Integer arithmetic on the timedelta: float timestamps can be off by one millisecond.
    return (moment - datetime(1970, 1, 1, tzinfo=UTC)) // _ONE_MILLISECOND


_ONE_MILLISECOND = datetime.resolution * 1000
