"""A customer's recent transactions, seen from one transaction: the state every rule reads.

Windows end at the transaction's own timestamp (not the clock), so a late or retried record scores the same.
Only earlier transactions count: history is strictly the past of the scored transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from fraud_domain.transaction import Transaction

MINUTE_MS = 60_000
HOUR_MS = 60 * MINUTE_MS
DAY_MS = 24 * HOUR_MS


@dataclass(frozen=True, slots=True)
class PastTransaction:
    """The part of an earlier transaction the rules need (what the history Query projects)."""

    transaction_id: str
    timestamp: int
    amount: Decimal
    currency: str
    country: str | None = None

    @classmethod
    def of(cls, transaction: Transaction) -> PastTransaction:
        return cls(
            transaction.transaction_id,
            transaction.timestamp,
            transaction.amount,
            transaction.currency,
            transaction.country,
        )


class CustomerHistory:
    def __init__(self, transaction: Transaction, earlier: Iterable[PastTransaction], days: int) -> None:
        since = transaction.timestamp - days * DAY_MS
        unique = {p.transaction_id: p for p in earlier if p.transaction_id != transaction.transaction_id}
        # Ties on the timestamp are ambiguous ("earlier"?): they count, as the same-millisecond burst they are.
        self.transactions = sorted(
            (p for p in unique.values() if since <= p.timestamp <= transaction.timestamp),
            key=lambda p: (p.timestamp, p.transaction_id),
        )
        self.of = transaction
        self.days = days

    def __len__(self) -> int:
        return len(self.transactions)

    def within(self, window_ms: int) -> list[PastTransaction]:
        """Earlier transactions no more than window_ms before the scored one."""
        start = self.of.timestamp - window_ms
        return [p for p in self.transactions if p.timestamp >= start]

    def before(self, window_ms: int) -> list[PastTransaction]:
        """Earlier transactions more than window_ms before the scored one (the customer's usual behaviour)."""
        end = self.of.timestamp - window_ms
        return [p for p in self.transactions if p.timestamp < end]

    def amounts_in(self, currency: str) -> list[Decimal]:
        return [p.amount for p in self.transactions if p.currency == currency]
