"""Steps about labelling outcomes: purchases on a terminal of their own, labels sent, what they change."""

from __future__ import annotations

import json
import uuid

import pytest
from pytest_bdd import given, parsers, then, when

from tests.acceptance.steps.transactions_api import Exchange, transaction


@pytest.fixture
def terminal() -> dict[str, str]:
    """The scenario's terminal: an id unique to the run, so reruns against a deployed stack start from zero."""
    return {"id": f"T-{uuid.uuid4().hex[:12]}"}


def purchase(terminal: dict[str, str], amount: str = "24.90", currency: str = "EUR") -> dict:
    # Each from a new customer, by default with an ordinary amount: no customer rule fires, only the terminal matters.
    return transaction(f"cust-{uuid.uuid4().hex[:10]}", amount, currency, terminalId=terminal["id"], country="DE")


@given(
    parsers.re(
        r"(?P<count>\d+) analysed purchases?(?: of (?P<amount>\d+\.\d\d) (?P<currency>[A-Z]{3}))? on a new terminal"
    ),
    target_fixture="purchases",
)
def analysed_purchases(
    exchange: Exchange, terminal: dict[str, str], count: str, amount: str | None, currency: str | None
) -> list[str]:
    ids = []
    for _ in range(int(count)):
        body = purchase(terminal, amount, currency) if amount and currency else purchase(terminal)
        assert exchange.post(body).status == 201, exchange.reply.text
        ids.append(body["transactionId"])
    for transaction_id in ids:  # counted before anything else happens on the terminal
        exchange.api.wait_for_analysis(transaction_id, 10)
    return ids


def send_label(exchange: Exchange, transaction_id: str, body: str) -> None:
    exchange.replies.append(exchange.api.put_label_raw(transaction_id, body))


@when(parsers.re(r'the fraud team labels purchase (?P<n>\d+) as (?P<outcome>fraud|not fraud) from "(?P<source>\w+)"'))
def label_purchase(exchange: Exchange, purchases: list[str], n: str, outcome: str, source: str) -> None:
    send_label(exchange, purchases[int(n) - 1], json.dumps({"fraud": outcome == "fraud", "source": source}))
    assert exchange.reply.status == 200, exchange.reply.text


@when(parsers.parse('the fraud team labels transaction "{transaction_id}" as fraud from "{source}"'))
def label_unknown(exchange: Exchange, transaction_id: str, source: str) -> None:
    send_label(exchange, transaction_id, json.dumps({"fraud": True, "source": source}))


@when(parsers.re(r"the fraud team sends the label (?P<body>\{.*\}) for purchase (?P<n>\d+)"))
def send_raw_label(exchange: Exchange, purchases: list[str], body: str, n: str) -> None:
    send_label(exchange, purchases[int(n) - 1], body)


@when("another purchase on that terminal is submitted")
def another_purchase(exchange: Exchange, terminal: dict[str, str]) -> None:
    assert exchange.post(purchase(terminal)).status == 201, exchange.reply.text


@then(parsers.parse('the label says fraud from "{source}", known since it arrived'))
def label_says(exchange: Exchange, source: str) -> None:
    label = exchange.reply.body
    assert (label["fraud"], label["source"]) == (True, source)
    assert label["fraudKnownSince"] == label["labelledAt"] and label["labelledAt"].endswith("Z")


@then(parsers.parse("the label says the card's own evidence explains the fraud"))
def label_explained_by_card(exchange: Exchange) -> None:
    label = exchange.reply.body
    assert (label["fraud"], label["explainedByCard"]) == (True, True), label


@then("the transaction shows the same label")
def transaction_shows_label(exchange: Exchange, purchases: list[str]) -> None:
    label = exchange.reply.body
    shown = exchange.api.get(purchases[0])
    assert shown.status == 200 and shown.body["label"] == label


@then(parsers.parse('its reasons do not mention "{words}"'))
def reasons_do_not_mention(analysis: dict, words: str) -> None:
    assert all(words not in f"{r['rule']} {r['detail']}".lower() for r in analysis["reasons"]), analysis["reasons"]
