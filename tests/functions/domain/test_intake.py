"""The POST body rules (fraud_domain.intake): every field, every message, the canonical form."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from aws_lambda_powertools.utilities.parser import ValidationError, parse

from fraud_domain.intake import (
    TransactionRequest,
    describe_errors,
    is_same_request,
    is_valid_identifier,
    transaction_from_request,
)
from fraud_domain.json_codec import loads

VALID = {"transactionId": "txn-0001", "customerId": "cust:42", "amount": Decimal("312.40"), "currency": "USD"}


def errors_of(body: dict) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        parse(event=body, model=TransactionRequest)
    return {error["field"]: error["message"] for error in describe_errors(caught.value)}


def now_ms() -> int:
    return int(time.time() * 1000)


def test_a_minimal_valid_body_parses_into_the_canonical_request():
    request = parse(event=VALID, model=TransactionRequest)
    assert request.fingerprint() == {
        "transactionId": "txn-0001",
        "customerId": "cust:42",
        "currency": "USD",
        "amount": Decimal("312.4"),
        "merchantId": None,
        "terminalId": None,
        "country": None,
        "channel": None,
        "timestamp": None,
    }


def test_every_optional_field_is_accepted():
    body = VALID | {"merchantId": "m.1", "terminalId": "T_9", "country": "FR", "channel": "ECOMMERCE"}
    request = parse(event=body | {"timestamp": "2024-05-01T12:00:00.250+02:00"}, model=TransactionRequest)
    assert (request.merchant_id, request.terminal_id, request.country, request.channel) == (
        "m.1",
        "T_9",
        "FR",
        "ECOMMERCE",
    )
    assert request.timestamp == 1714557600250  # 10:00:00.250 UTC


@pytest.mark.parametrize("field", ["transactionId", "customerId", "amount", "currency"])
def test_each_required_field_is_reported_when_missing(field):
    assert errors_of({k: v for k, v in VALID.items() if k != field}) == {field: "is required"}


def test_all_problems_are_listed_at_once_with_unknown_fields():
    body = {"transactionId": "", "amount": True, "currency": "usd", "cardNumber": "4111", "note": "x"}
    assert errors_of(body) == {
        "transactionId": "must be a string of 1-64 characters from A-Z a-z 0-9 . _ : -",
        "customerId": "is required",
        "currency": "must be a supported ISO 4217 currency code such as USD or EUR",
        "amount": "must be a JSON number",
        "cardNumber": "is not an allowed field",
        "note": "is not an allowed field",
    }


@pytest.mark.parametrize(
    ("value", "valid"),
    [("a" * 64, True), ("a" * 65, False), ("A-z.0_9:-", True), ("has space", False), ("é", False), (42, False)],
)
def test_identifier_rules(value, valid):
    assert is_valid_identifier(value) is valid
    if valid:
        assert parse(event=VALID | {"customerId": value}, model=TransactionRequest).customer_id == value
    else:
        assert "customerId" in errors_of(VALID | {"customerId": value})


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (True, "must be a JSON number"),
        (False, "must be a JSON number"),
        ("12.50", "must be a JSON number"),
        (None, "must be a JSON number"),
        (0, "must be greater than 0"),
        (Decimal("-1"), "must be greater than 0"),
        (Decimal("1000000000.01"), "must be at most 1000000000"),
        (Decimal("1E+400"), "must be at most 1000000000"),
        (Decimal("5E-324"), "must have at most 2 decimal places for USD"),
        (Decimal("1.005"), "must have at most 2 decimal places for USD"),
        (Decimal("1.0000000000000000000000000000000000000001"), "must have at most 2 decimal places for USD"),
    ],
)
def test_amount_rules(amount, message):
    assert errors_of(VALID | {"amount": amount}) == {"amount": message}


@pytest.mark.parametrize(
    ("currency", "amount", "accepted"),
    [("JPY", Decimal("1500"), True), ("JPY", Decimal("10.5"), False), ("KWD", Decimal("1.125"), True)],
)
def test_decimals_follow_the_currency_minor_unit(currency, amount, accepted):
    body = VALID | {"currency": currency, "amount": amount}
    if accepted:
        assert parse(event=body, model=TransactionRequest).amount == amount
    else:
        assert errors_of(body) == {"amount": f"must have at most 0 decimal places for {currency}"}


def test_amount_boundaries_and_spellings_are_canonical():
    assert parse(event=VALID | {"amount": 1_000_000_000}, model=TransactionRequest).amount == Decimal(1_000_000_000)
    spellings = [Decimal("10"), Decimal("10.0"), Decimal("10.00"), Decimal("1E+1"), 10]
    canon = {str(parse(event=VALID | {"amount": a}, model=TransactionRequest).amount) for a in spellings}
    assert canon == {"10"}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("country", "fr", "must be an ISO 3166-1 alpha-2 country code such as US"),
        ("country", "XX", "must be an ISO 3166-1 alpha-2 country code such as US"),
        ("channel", "WEB", "must be one of POS, ECOMMERCE, ATM, MOTO, RECURRING"),
        ("currency", "XYZ", "must be a supported ISO 4217 currency code such as USD or EUR"),
        ("merchantId", "bad/id", "must be a string of 1-64 characters from A-Z a-z 0-9 . _ : -"),
    ],
)
def test_code_lists(field, value, message):
    assert errors_of(VALID | {field: value}) == {field: message}


def test_timestamp_forms():
    iso = parse(event=VALID | {"timestamp": "2024-05-01T12:00:00Z"}, model=TransactionRequest)
    millis = parse(event=VALID | {"timestamp": 1714564800000}, model=TransactionRequest)
    assert iso.timestamp == millis.timestamp == 1714564800000
    assert iso.fingerprint() == millis.fingerprint()


@pytest.mark.parametrize(
    ("timestamp", "message"),
    [
        ("2024-05-01T12:00:00", "must include a UTC offset, e.g. 2024-05-01T12:00:00Z"),
        ("yesterday", "must be an ISO 8601 date-time or epoch milliseconds"),
        ("1714564800000", "must be an ISO 8601 date-time or epoch milliseconds"),
        (1714564800, "must not be before 2000-01-01T00:00:00Z (epoch milliseconds?)"),
        (Decimal("1714564800000.5"), "epoch milliseconds must be a whole number"),
        (True, "must be a JSON number"),
    ],
)
def test_bad_timestamps(timestamp, message):
    assert errors_of(VALID | {"timestamp": timestamp}) == {"timestamp": message}


def test_timestamp_may_be_at_most_five_minutes_ahead():
    assert parse(event=VALID | {"timestamp": now_ms() + 4 * 60_000}, model=TransactionRequest)
    assert errors_of(VALID | {"timestamp": now_ms() + 6 * 60_000}) == {
        "timestamp": "must not be more than 5 minutes in the future"
    }


def test_json_numbers_arrive_as_decimal_and_are_validated_exactly():
    body = loads('{"transactionId": "t", "customerId": "c", "amount": 0.1, "currency": "EUR"}')
    assert parse(event=body, model=TransactionRequest).amount == Decimal("0.1")


def test_a_stored_transaction_defaults_its_timestamp_to_the_receipt():
    request = parse(event=VALID, model=TransactionRequest).fingerprint()
    received = datetime(2024, 5, 1, 12, 0, 0, 123000, tzinfo=UTC)
    transaction = transaction_from_request(request, received)
    assert transaction.timestamp == 1714564800123
    assert transaction.received_at == "2024-05-01T12:00:00.123Z"
    assert transaction.status == "RECEIVED"


def test_same_request_ignores_the_default_timestamp_but_not_an_explicit_one():
    request = parse(event=VALID, model=TransactionRequest).fingerprint()
    stored = transaction_from_request(request, datetime(2024, 5, 1, tzinfo=UTC))
    assert is_same_request(stored, request)
    assert not is_same_request(stored, request | {"amount": Decimal("312.41")})
    assert not is_same_request(stored, request | {"merchantId": "m-1"})
    assert not is_same_request(stored, request | {"timestamp": stored.timestamp + 1})
    assert is_same_request(stored, request | {"timestamp": stored.timestamp})


def test_python_field_names_are_not_accepted_for_json_names():
    body = {k: v for k, v in VALID.items() if k != "transactionId"} | {"transaction_id": "txn-0001"}
    assert errors_of(body) == {"transactionId": "is required", "transaction_id": "is not an allowed field"}
