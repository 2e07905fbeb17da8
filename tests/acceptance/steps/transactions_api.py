"""Steps about submitting and reading transactions through the API."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pytest_bdd import given, parsers, then, when

from tests.acceptance.target import Reply, Target, TransactionsApi


def new_id(prefix: str = "txn") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:16]}"


def transaction(customer: str, amount: str, currency: str, **extra: Any) -> dict[str, Any]:
    return {"transactionId": new_id(), "customerId": customer, "amount": Decimal(amount), "currency": currency, **extra}


@dataclass
class Exchange:
    """What the scenario sent and got back, step to step."""

    api: TransactionsApi
    sent: list[dict[str, Any]] = field(default_factory=list)
    replies: list[Reply] = field(default_factory=list)

    @property
    def reply(self) -> Reply:
        return self.replies[-1]

    def post(self, body: dict[str, Any]) -> Reply:
        self.sent.append(body)
        self.replies.append(self.api.post_raw(_exact_json(body)))
        return self.reply


def _exact_json(body: dict[str, Any]) -> str:
    parts = []
    for key, value in body.items():
        rendered = str(value) if isinstance(value, Decimal) else json.dumps(value)
        parts.append(f"{json.dumps(key)}: {rendered}")
    return "{" + ", ".join(parts) + "}"


@given("the transactions API with a valid API key", target_fixture="exchange")
def api_with_valid_key(target: Target) -> Exchange:
    return Exchange(target.api())


@given(parsers.re(r"the transactions API with (?P<key>no|a wrong) API key"), target_fixture="exchange")
def api_with_other_key(target: Target, key: str) -> Exchange:
    keys = {"no": None, "a wrong": "wrong-" + uuid.uuid4().hex}
    return Exchange(target.api(keys[key]))


@when(parsers.parse('I submit a transaction of {amount} {currency} for customer "{customer}"'))
def submit(exchange: Exchange, amount: str, currency: str, customer: str) -> None:
    exchange.post(transaction(customer, amount, currency, country="DE", channel="ECOMMERCE"))


@when("I submit the same transaction again")
def submit_again(exchange: Exchange) -> None:
    exchange.post(dict(exchange.sent[-1]))


@when(parsers.parse("I submit the same transaction id with amount {amount}"))
def submit_same_id_other_amount(exchange: Exchange, amount: str) -> None:
    exchange.post({**exchange.sent[-1], "amount": Decimal(amount)})


@when(parsers.parse("I submit a transaction where {field} is {value}"))
def submit_with_field(exchange: Exchange, field: str, value: str) -> None:
    body: dict[str, Any] = transaction("cust-invalid", "10.00", "EUR")
    body[field] = Decimal(value) if value.lstrip("-").replace(".", "", 1).isdigit() else json.loads(value)
    exchange.post(body)


@when(parsers.parse('I submit the raw body "{raw}"'))
def submit_raw(exchange: Exchange, raw: str) -> None:
    exchange.replies.append(exchange.api.post_raw(raw))


@when(parsers.parse('I submit a transaction with the extra field "{name}"'))
def submit_with_extra_field(exchange: Exchange, name: str) -> None:
    exchange.post(transaction("cust-extra", "10.00", "EUR", **{name: "4111111111111111"}))


@when("I get the transaction by its id")
def get_submitted(exchange: Exchange) -> None:
    exchange.replies.append(exchange.api.get(exchange.sent[-1]["transactionId"]))


@when(parsers.parse('I get the transaction "{transaction_id}"'))
def get_by_id(exchange: Exchange, transaction_id: str) -> None:
    exchange.replies.append(exchange.api.get(transaction_id))


@then(parsers.parse("the response status is {status:d}"))
def response_status(exchange: Exchange, status: int) -> None:
    assert exchange.reply.status == status, f"{exchange.reply.status}: {exchange.reply.text[:500]}"


@then("the response has a Location header for the transaction")
def location_header(exchange: Exchange) -> None:
    assert exchange.reply.headers["location"].endswith(f"/transactions/{exchange.sent[-1]['transactionId']}")


@then(parsers.parse("the response body has the transaction with amount {amount} as a JSON number"))
def body_amount(exchange: Exchange, amount: str) -> None:
    body = exchange.reply.body
    assert body["transactionId"] == exchange.sent[-1]["transactionId"]
    assert isinstance(body["amount"], Decimal) and body["amount"] == Decimal(amount)


@then(parsers.parse('the response body has status "{first}" or "{second}"'))
def body_status(exchange: Exchange, first: str, second: str) -> None:
    assert exchange.reply.body["status"] in (first, second)


@then("the response body is the original transaction")
def body_is_original(exchange: Exchange) -> None:
    first, last = exchange.replies[0].body, exchange.reply.body
    assert last == first and last["receivedAt"] == first["receivedAt"]


@then(parsers.parse('the error names the field "{field}"'))
def error_names_field(exchange: Exchange, field: str) -> None:
    errors = exchange.reply.body.get("errors") or []
    assert any(field in (e.get("field") or "") or field in (e.get("message") or "") for e in errors), errors


@then("the response body has a message")
def body_has_message(exchange: Exchange) -> None:
    assert exchange.reply.body["message"]
