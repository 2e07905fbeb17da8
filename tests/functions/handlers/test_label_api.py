"""PUT /transactions/{id}/label on moto: stored once, the counters moved exactly once, every error a clear 4xx."""

from __future__ import annotations

import json

import pytest
from aws_calls import AwsCallCounter
from lambda_events import LambdaContext, api_event, call_api, stream_event
from moto_resources import AGGREGATES_TABLE, TABLE

BODY = {"transactionId": "txn-l1", "customerId": "c-1", "amount": 12.5, "currency": "EUR", "terminalId": "T-7"}


def post(processor, body: dict) -> None:
    assert call_api(processor, api_event("POST", "/transactions", json.dumps(body))).status == 201


def label(processor, transaction_id: str, body) -> object:
    raw = body if isinstance(body, str) else json.dumps(body)
    return call_api(processor, api_event("PUT", f"/transactions/{transaction_id}/label", raw))


def frauds(aws, key: str = "terminal#T-7") -> dict:
    item = aws.dynamodb.get_item(TableName=AGGREGATES_TABLE, Key={"pk": {"S": key}}).get("Item", {})
    return {name: int(value["N"]) for name, value in item.items() if name.startswith("f")}


@pytest.fixture
def stored(processor, aws):
    post(processor, BODY | {"merchantId": "M-3", "timestamp": "2024-05-01T10:00:00Z"})
    return BODY["transactionId"]


def test_a_label_is_stored_on_the_transaction_and_counted_once(processor, aws, stored):
    with AwsCallCounter(processor.dynamodb) as counter:
        reply = label(processor, stored, {"fraud": True, "source": "chargeback"})
    assert reply.status == 200
    body = reply.json
    assert (body["fraud"], body["source"]) == (True, "chargeback")
    assert body["labelledAt"].endswith("Z") and body["fraudKnownSince"] == body["labelledAt"]
    assert body["explainedByCard"] is False  # not analysed yet: nothing but the place explains it
    assert counter.calls == {"dynamodb:Query": 1, "dynamodb:TransactWriteItems": 1}  # 1 read, 1 write
    day = "f" + body["fraudKnownSince"][:10].replace("-", "")
    assert frauds(aws) == {day: 1} and frauds(aws, "merchant#M-3") == {day: 1}
    shown = call_api(processor, api_event("GET", f"/transactions/{stored}")).json
    assert shown["label"] == body


def test_the_same_label_again_writes_nothing(processor, aws, stored):
    first = label(processor, stored, {"fraud": True, "source": "chargeback"}).json
    with AwsCallCounter(processor.dynamodb) as counter:
        again = label(processor, stored, {"fraud": True, "source": "chargeback"})
    assert again.status == 200 and again.json == first
    assert counter.calls == {"dynamodb:Query": 1}
    assert sum(frauds(aws).values()) == 1


def test_a_new_source_for_the_same_outcome_moves_no_counter(processor, aws, stored):
    first = label(processor, stored, {"fraud": True, "source": "customer"}).json
    with AwsCallCounter(processor.dynamodb) as counter:
        second = label(processor, stored, {"fraud": True, "source": "investigation"}).json
    assert counter.calls == {"dynamodb:Query": 1, "dynamodb:UpdateItem": 1}
    assert second["source"] == "investigation" and second["fraudKnownSince"] == first["fraudKnownSince"]
    assert sum(frauds(aws).values()) == 1


def test_clearing_a_fraud_takes_it_back_out_of_its_day_and_confirming_again_counts_it_again(processor, aws, stored):
    confirmed = label(processor, stored, {"fraud": True, "source": "chargeback"}).json
    cleared = label(processor, stored, {"fraud": False, "source": "investigation"}).json
    assert cleared["fraud"] is False and "fraudKnownSince" not in cleared
    day = "f" + confirmed["fraudKnownSince"][:10].replace("-", "")
    assert frauds(aws) == {day: 0}
    again = label(processor, stored, {"fraud": True, "source": "investigation"}).json
    assert again["fraudKnownSince"] == again["labelledAt"] != confirmed["labelledAt"]
    assert sum(frauds(aws).values()) == 1


def test_a_legitimate_label_on_a_fresh_transaction_moves_no_counter(processor, aws, stored):
    reply = label(processor, stored, {"fraud": False, "source": "customer"})
    assert reply.status == 200 and reply.json["fraud"] is False
    assert frauds(aws) == {}


def test_a_fraud_the_card_flagged_is_the_cards_and_moves_no_terminal_or_merchant_counter(processor, analyzer, aws):
    stream = aws.stream()
    card = {"customerId": "c-9", "currency": "EUR", "terminalId": "T-7", "merchantId": "M-3"}
    post(processor, card | {"transactionId": "txn-big", "amount": 2500, "timestamp": "2024-05-01T10:00:00Z"})
    post(processor, card | {"transactionId": "txn-usual", "amount": 20, "timestamp": "2024-05-01T11:00:00Z"})
    assert analyzer.handler(stream_event(stream.new_records()), LambdaContext()) == {"batchItemFailures": []}
    big = call_api(processor, api_event("GET", "/transactions/txn-big")).json
    assert big["riskLevel"] in ("MEDIUM", "HIGH")  # HIGH_AMOUNT: the card's own evidence

    stolen = label(processor, "txn-big", {"fraud": True, "source": "chargeback"}).json
    assert stolen["fraud"] is True and stolen["explainedByCard"] is True
    assert frauds(aws) == {} and frauds(aws, "merchant#M-3") == {}
    cleared = label(processor, "txn-big", {"fraud": False, "source": "investigation"}).json
    assert "explainedByCard" not in cleared and frauds(aws) == {}  # never counted, nothing taken back

    skimmed = label(processor, "txn-usual", {"fraud": True, "source": "chargeback"}).json
    assert skimmed["explainedByCard"] is False
    day = "f" + skimmed["fraudKnownSince"][:10].replace("-", "")
    assert frauds(aws) == {day: 1} and frauds(aws, "merchant#M-3") == {day: 1}


def test_a_label_changed_concurrently_is_a_conflict_not_a_double_count(processor, aws, stored, monkeypatch):
    stale = processor.transactions.latest(stored)  # read before someone else's label lands
    assert label(processor, stored, {"fraud": True, "source": "chargeback"}).status == 200
    monkeypatch.setattr(processor.transactions, "latest", lambda _: stale)
    reply = label(processor, stored, {"fraud": True, "source": "customer"})
    assert reply.status == 409 and reply.headers["Retry-After"] == "1"
    assert sum(frauds(aws).values()) == 1


def test_an_unknown_transaction_is_404_and_nothing_is_written(processor, aws):
    with AwsCallCounter(processor.dynamodb) as counter:
        reply = label(processor, "no-such-txn", {"fraud": True, "source": "chargeback"})
    assert reply.status == 404 and reply.json["message"] == "transaction no-such-txn not found"
    assert counter.calls == {"dynamodb:Query": 1}


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"fraud": "true", "source": "chargeback"}, [("fraud", "must be true or false")]),
        ({"fraud": 1, "source": "chargeback"}, [("fraud", "must be true or false")]),
        ({"fraud": True, "source": "bank"}, [("source", "must be one of chargeback, investigation, customer")]),
        ({"source": "customer"}, [("fraud", "is required")]),
        ({"fraud": False}, [("source", "is required")]),
        ({"fraud": True, "source": "customer", "note": "x"}, [("note", "is not an allowed field")]),
        (
            {"fraud": None, "source": 3},
            [("fraud", "must be true or false"), ("source", "must be one of chargeback, investigation, customer")],
        ),
    ],
)
def test_a_bad_body_is_400_naming_each_field_and_nothing_is_read_or_written(processor, aws, stored, body, errors):
    with AwsCallCounter(processor.dynamodb) as counter:
        reply = label(processor, stored, body)
    assert reply.status == 400 and reply.json["message"] == "invalid label"
    assert [(e["field"], e["message"]) for e in reply.json["errors"]] == errors
    assert counter.calls == {}


@pytest.mark.parametrize("raw", ["not json", "[true]", '{"fraud": true, "fraud": false, "source": "customer"}'])
def test_a_body_that_is_not_a_json_object_is_400(processor, aws, stored, raw):
    reply = label(processor, stored, raw)
    assert reply.status == 400 and reply.json["message"].startswith("request body is not a valid JSON object")


def test_a_bad_id_is_400_before_any_call(processor, aws):
    with AwsCallCounter(processor.dynamodb) as counter:
        reply = label(processor, "bad%20id", {"fraud": True, "source": "customer"})
    assert reply.status == 400 and reply.json["errors"][0]["field"] == "id"
    assert counter.calls == {}


def test_the_label_is_kept_with_the_item_and_no_other_attribute_changes(processor, aws, stored):
    key = {"transactionId": {"S": stored}, "timestamp": {"N": "1714557600000"}}
    before = aws.dynamodb.get_item(TableName=TABLE, Key=key)["Item"]
    label(processor, stored, {"fraud": True, "source": "chargeback"})
    after = aws.dynamodb.get_item(TableName=TABLE, Key=key)["Item"]
    assert set(after) - set(before) == {"label"}
    assert {k: v for k, v in after.items() if k != "label"} == before
