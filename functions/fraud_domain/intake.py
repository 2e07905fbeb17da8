"""The POST /transactions body: every rule of the API contract in one pydantic model, plus what turns it into a
stored Transaction.

The handler parses the body with `json_codec.loads` (numbers arrive as int or Decimal, never float) and runs this
model through Powertools Parser. Each rule raises a PydanticCustomError so the 400 lists a readable message per field.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, ValidationError, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from fraud_domain.countries import COUNTRY_CODES
from fraud_domain.currencies import CURRENCIES
from fraud_domain.records import to_item
from fraud_domain.transaction import Transaction, epoch_millis, iso_utc

IDENTIFIER_PATTERN = re.compile(r"[A-Za-z0-9._:-]{1,64}")
IDENTIFIER_RULE = "must be a string of 1-64 characters from A-Z a-z 0-9 . _ : -"
CHANNELS = ("POS", "ECOMMERCE", "ATM", "MOTO", "RECURRING")
MAX_AMOUNT = Decimal(1_000_000_000)
MAX_FUTURE_MS = 5 * 60 * 1000
# 2000-01-01T00:00:00Z. Earlier instants are almost always epoch *seconds* sent where milliseconds are expected.
EARLIEST_TIMESTAMP_MS = 946_684_800_000


def is_valid_identifier(value: object) -> bool:
    return isinstance(value, str) and IDENTIFIER_PATTERN.fullmatch(value) is not None


def _identifier(value: Any) -> str:
    if not is_valid_identifier(value):
        raise PydanticCustomError("identifier", IDENTIFIER_RULE)
    return value


def _json_number(value: Any) -> Decimal:
    # bool is an int subclass: without this check `true` would be the amount 1.
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise PydanticCustomError("number", "must be a JSON number")
    number = Decimal(value)
    if not number.is_finite():
        raise PydanticCustomError("number", "must be a finite number")
    return number


def canonical_amount(amount: Decimal) -> Decimal:
    """312.40 -> 312.4 and 1E+2 -> 100: one spelling per value, so equal requests hash and compare equal.

    Exact digit surgery, not Decimal.normalize(): that rounds to the context's 28 digits, and a rounded amount
    would slip past the decimal-places rule.
    """
    sign, digits, exponent = amount.as_tuple()
    while len(digits) > 1 and digits[-1] == 0 and exponent < 0:
        digits, exponent = digits[:-1], exponent + 1
    if exponent > 0:
        digits, exponent = digits + (0,) * exponent, 0
    return Decimal((sign, digits, exponent))


def _amount(value: Any) -> Decimal:
    amount = _json_number(value)
    if amount <= 0:
        raise PydanticCustomError("amount", "must be greater than 0")
    if amount > MAX_AMOUNT:
        raise PydanticCustomError("amount", "must be at most 1000000000")
    return canonical_amount(amount)


def _currency(value: Any) -> str:
    if not isinstance(value, str) or value not in CURRENCIES:
        raise PydanticCustomError("currency", "must be a supported ISO 4217 currency code such as USD or EUR")
    return value


def _country(value: Any) -> str:
    if not isinstance(value, str) or value not in COUNTRY_CODES:
        raise PydanticCustomError("country", "must be an ISO 3166-1 alpha-2 country code such as US")
    return value


def _channel(value: Any) -> str:
    if value not in CHANNELS:
        raise PydanticCustomError("channel", "must be one of {channels}", {"channels": ", ".join(CHANNELS)})
    return value


def _timestamp_millis(value: Any) -> int:
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError("timestamp", "must be an ISO 8601 date-time or epoch milliseconds") from None
        if moment.tzinfo is None:
            raise PydanticCustomError("timestamp", "must include a UTC offset, e.g. 2024-05-01T12:00:00Z")
        return epoch_millis(moment)
    number = _json_number(value)
    if number != number.to_integral_value():
        raise PydanticCustomError("timestamp", "epoch milliseconds must be a whole number")
    return int(number)


def _timestamp(value: Any) -> int:
    millis = _timestamp_millis(value)
    if millis < EARLIEST_TIMESTAMP_MS:
        raise PydanticCustomError("timestamp", "must not be before 2000-01-01T00:00:00Z (epoch milliseconds?)")
    # Read the clock here rather than take it as input: Parser runs the model without a validation context.
    if millis > time.time() * 1000 + MAX_FUTURE_MS:
        raise PydanticCustomError("timestamp", "must not be more than 5 minutes in the future")
    return millis


Identifier = Annotated[str, PlainValidator(_identifier)]


class TransactionRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)  # fields populate by their JSON (alias) names only

    transaction_id: Identifier = Field(alias="transactionId")
    customer_id: Identifier = Field(alias="customerId")
    currency: Annotated[str, PlainValidator(_currency)]  # before amount: the amount's decimals depend on it
    amount: Annotated[Decimal, PlainValidator(_amount)]
    merchant_id: Identifier | None = Field(default=None, alias="merchantId")
    terminal_id: Identifier | None = Field(default=None, alias="terminalId")
    country: Annotated[str, PlainValidator(_country)] | None = None
    channel: Annotated[str, PlainValidator(_channel)] | None = None
    timestamp: Annotated[int, PlainValidator(_timestamp)] | None = None

    @field_validator("amount")
    @classmethod
    def _amount_fits_currency(cls, amount: Decimal, info: ValidationInfo) -> Decimal:
        currency = info.data.get("currency")
        if currency is not None and -amount.as_tuple().exponent > CURRENCIES[currency].minor_units:
            raise PydanticCustomError(
                "amount",
                "must have at most {digits} decimal places for {currency}",
                {"digits": CURRENCIES[currency].minor_units, "currency": currency},
            )
        return amount

    def fingerprint(self) -> dict[str, Any]:
        """The request in canonical form, stored attribute names: what "the same body" means for idempotency.

        A missing timestamp stays None (it defaults to the time of receipt), so a retry without one is the same body.
        """
        return self.model_dump(by_alias=True)


_MESSAGES_BY_TYPE = {"missing": "is required", "extra_forbidden": "is not an allowed field"}


def describe_errors(error: ValidationError) -> list[dict[str, str]]:
    """One {field, message} per problem, in the model's field order."""
    return [
        {
            "field": ".".join(str(part) for part in detail["loc"]) or "(body)",
            "message": _MESSAGES_BY_TYPE.get(detail["type"], detail["msg"]),
        }
        for detail in error.errors(include_url=False)
    ]


def transaction_from_request(request: Mapping[str, Any], received: datetime) -> Transaction:
    """The transaction to store for a validated request, received now; the timestamp defaults to the receipt."""
    return Transaction(
        transaction_id=request["transactionId"],
        customer_id=request["customerId"],
        amount=Decimal(request["amount"]),
        currency=request["currency"],
        timestamp=request["timestamp"] if request["timestamp"] is not None else epoch_millis(received),
        received_at=iso_utc(received),
        merchant_id=request["merchantId"],
        terminal_id=request["terminalId"],
        country=request["country"],
        channel=request["channel"],
    )


def is_same_request(transaction: Transaction, request: Mapping[str, Any]) -> bool:
    """Whether a stored transaction is what this request would have created (timestamp only if the request set it)."""
    stored = to_item(transaction)
    return all(stored.get(name) == value for name, value in request.items() if value is not None or name != "timestamp")
