"""Steps about fraud screening: customers' histories, bursts, and the analysis read back through the API."""

from __future__ import annotations

import math
import re
import time
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from pytest_bdd import given, parsers, then, when

from tests.acceptance.steps.transactions_api import Exchange, transaction

DAY_MS = 86_400_000


@pytest.fixture
def customers() -> dict[str, str]:
    """Scenario names of customers -> ids unique to this run, so reruns against a deployed stack start clean."""
    return {}


def customer_id(customers: dict[str, str], name: str) -> str:
    return customers.setdefault(name, f"{name}-{uuid.uuid4().hex[:10]}")


def epoch_ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


@given(parsers.parse('customer "{name}" has a history of {count:d} purchases around {amount} {currency}'))
def purchase_history(exchange: Exchange, customers: dict[str, str], name: str, count: int, amount: str, currency: str):
    now, base = datetime.now(UTC), Decimal(amount)
    for day in range(1, count + 1):  # one purchase a day, amounts a few percent around the base
        spread = base * Decimal(day % 3 - 1) / 20
        body = transaction(customer_id(customers, name), str((base + spread).quantize(Decimal("0.01"))), currency)
        body.update(country="DE", channel="POS", timestamp=epoch_ms(now - timedelta(days=day, hours=3)))
        assert exchange.post(body).status == 201, exchange.reply.text


@when(parsers.parse('customer "{name}" submits a purchase of {amount} {currency}'))
def one_purchase(exchange: Exchange, customers: dict[str, str], name: str, amount: str, currency: str) -> None:
    body = transaction(customer_id(customers, name), amount, currency, country="DE", channel="POS")
    assert exchange.post(body).status == 201, exchange.reply.text


@when(parsers.parse('customer "{name}" submits {count:d} purchases of {amount} {currency} within a minute'))
def burst(exchange: Exchange, customers: dict[str, str], name: str, count: int, amount: str, currency: str) -> None:
    start = datetime.now(UTC) - timedelta(seconds=60)
    for index in range(count):
        moment = start + timedelta(seconds=index * 60 / count)
        body = transaction(customer_id(customers, name), amount, currency, country="DE", channel="ECOMMERCE")
        body["timestamp"] = epoch_ms(moment)
        assert exchange.post(body).status == 201, exchange.reply.text


@then(
    parsers.re(
        r'within (?P<seconds>\d+) seconds the (?:last )?transaction is analyzed with risk level "(?P<levels>.+)"'
    ),
    target_fixture="analysis",
)
def analyzed_with(exchange: Exchange, seconds: str, levels: str) -> dict:
    expected = {level.strip(' "') for level in levels.split(" or ")}
    started = time.monotonic()
    analysis = exchange.api.wait_for_analysis(exchange.sent[-1]["transactionId"], float(seconds))
    assert analysis["riskLevel"] in expected, analysis
    assert time.monotonic() - started <= float(seconds)
    return analysis


@then(parsers.re(r'its reasons mention "(?P<words>.+)"'))
def reasons_mention(analysis: dict, words: str) -> None:
    alternatives = [word.strip(' "').lower() for word in words.split(" or ")]
    texts = [f"{r['rule']} {r['detail']}".lower() for r in analysis["reasons"]]
    assert any(word in text for word in alternatives for text in texts), analysis["reasons"]
    assert all(r["points"] > 0 for r in analysis["reasons"])


@then("every reason ends with the arithmetic of its points")
def reasons_show_arithmetic(analysis: dict) -> None:
    """Each reason's detail ends "[w1 term + w2 x u2 term ... = N points]", N its points (log-odds points)."""
    assert analysis["reasons"], analysis
    for reason in analysis["reasons"]:
        shown = re.search(r"\[(?P<terms>[^\[\]]+) = (?P<points>\d+) points\]$", reason["detail"])
        assert shown is not None and int(shown["points"]) == reason["points"], reason
        total = 0.0
        for term in shown["terms"].split(" + "):
            weight, _, rest = term.partition(" ")
            units = float(rest.split(" ")[1]) if rest.startswith("x ") else 1.0
            total += float(weight) * units
        assert math.floor(total + 0.5) == reason["points"], reason
