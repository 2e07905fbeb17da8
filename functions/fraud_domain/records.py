"""How a Transaction maps to the stored item (and the API body), attribute by attribute.

Items here are plain Python values (str, int, Decimal, list, dict); the DynamoDB adapter does the wire typing.
`from_item` is also the gate for stream records and replayed idempotency records, so it checks what it reads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from fraud_domain.history import PastTransaction
from fraud_domain.labels import Label, label_attributes, label_from_attributes
from fraud_domain.transaction import Analysis, Reason, RiskLevel, Status, Transaction

# (stored attribute, Transaction field) of the attributes a transaction may leave out
_OPTIONAL_FIELDS = (
    ("merchantId", "merchant_id"),
    ("terminalId", "terminal_id"),
    ("country", "country"),
    ("channel", "channel"),
)


T = TypeVar("T")


class MalformedTransaction(ValueError):
    """A stored or streamed item that does not hold a valid transaction."""


def to_item(transaction: Transaction) -> dict[str, Any]:
    """The stored attributes (and, minus the index keys the adapter adds, the API body)."""
    item: dict[str, Any] = {
        "transactionId": transaction.transaction_id,
        "customerId": transaction.customer_id,
        "amount": transaction.amount,
        "currency": transaction.currency,
    }
    for attribute, field_name in _OPTIONAL_FIELDS:
        value = getattr(transaction, field_name)
        if value is not None:
            item[attribute] = value
    item |= {
        "timestamp": transaction.timestamp,
        "status": str(transaction.status),
        "receivedAt": transaction.received_at,
    }
    if transaction.analysis is not None:
        item |= analysis_attributes(transaction.analysis)
    if transaction.label is not None:
        item["label"] = label_attributes(transaction.label)
    return item


def analysis_attributes(analysis: Analysis) -> dict[str, Any]:
    return {
        "fraudScore": analysis.score,
        "riskLevel": str(analysis.risk_level),
        "reasons": [{"rule": r.rule, "points": r.points, "detail": r.detail} for r in analysis.reasons],
        "analyzedAt": analysis.analyzed_at,
    }


def _text(item: Mapping[str, Any], name: str, required: bool = True) -> str | None:
    value = item.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value:
        raise MalformedTransaction(f"{name} must be a non-empty string, got {type(value).__name__}")
    return value


def _number(item: Mapping[str, Any], name: str) -> Decimal:
    value = item.get(name)
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, str)):
        raise MalformedTransaction(f"{name} must be a number, got {type(value).__name__}")
    try:
        number = Decimal(value)
    except InvalidOperation as exc:
        raise MalformedTransaction(f"{name} must be a number, got a non-numeric string") from exc
    if not number.is_finite():
        raise MalformedTransaction(f"{name} must be finite")
    return number


def _integer(item: Mapping[str, Any], name: str) -> int:
    number = _number(item, name)
    if number != number.to_integral_value():
        raise MalformedTransaction(f"{name} must be an integer")
    return int(number)


def _analysis(item: Mapping[str, Any]) -> Analysis | None:
    if item.get("riskLevel") is None:
        return None
    try:
        risk_level = RiskLevel(item["riskLevel"])
        reasons = tuple(Reason(str(r["rule"]), int(r["points"]), str(r["detail"])) for r in item.get("reasons") or ())
    except (ValueError, KeyError, TypeError) as exc:
        raise MalformedTransaction(f"invalid analysis: {exc}") from exc
    return Analysis(_integer(item, "fraudScore"), risk_level, reasons, _text(item, "analyzedAt"))


def _label(item: Mapping[str, Any]) -> Label | None:
    stored = item.get("label")
    if stored is None:
        return None
    if not isinstance(stored, Mapping):
        raise MalformedTransaction("label must be a map")
    try:
        return label_from_attributes(stored)
    except (ValueError, KeyError, TypeError) as exc:
        raise MalformedTransaction(f"invalid label: {exc}") from exc


def from_item(item: Mapping[str, Any]) -> Transaction:
    """Read a stored item back; raises MalformedTransaction naming the first bad attribute."""
    if not isinstance(item, Mapping) or not item:
        raise MalformedTransaction("the item is empty or not a map")
    amount = _number(item, "amount")
    if amount <= 0:
        raise MalformedTransaction("amount must be greater than 0")
    try:
        status = Status(item.get("status"))
    except ValueError as exc:
        raise MalformedTransaction("status must be RECEIVED or ANALYZED") from exc
    optional = {field_name: _text(item, attribute, required=False) for attribute, field_name in _OPTIONAL_FIELDS}
    return Transaction(
        transaction_id=_text(item, "transactionId"),
        customer_id=_text(item, "customerId"),
        amount=amount,
        currency=_text(item, "currency"),
        timestamp=_integer(item, "timestamp"),
        received_at=_text(item, "receivedAt"),
        status=status,
        analysis=_analysis(item),
        label=_label(item),
        **optional,
    )


def past_from_item(item: Mapping[str, Any]) -> PastTransaction:
    """The projected history row (transactionId, timestamp, amount, currency, country) the rules read."""
    return PastTransaction(
        transaction_id=_text(item, "transactionId"),
        timestamp=_integer(item, "timestamp"),
        amount=_number(item, "amount"),
        currency=_text(item, "currency"),
        country=_text(item, "country", required=False),
    )


def _readable(items: Iterable[Mapping[str, Any]], read: Callable[[Mapping[str, Any]], T]) -> tuple[list[T], int]:
    readable, unreadable = [], 0
    for item in items:
        try:
            readable.append(read(item))
        except MalformedTransaction:
            unreadable += 1
    return readable, unreadable


def readable_transactions(items: Iterable[Mapping[str, Any]]) -> tuple[list[Transaction], int]:
    """The items that hold valid transactions, and how many did not (counted, never fatal for a report)."""
    return _readable(items, from_item)


def readable_history(items: Iterable[Mapping[str, Any]]) -> tuple[list[PastTransaction], int]:
    """History rows that parse, and how many did not: one corrupt item must not block a customer's analyses."""
    return _readable(items, past_from_item)
