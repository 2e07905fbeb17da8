"""POST /transactions and GET /transactions/{id} through real REST v1 proxy events, against moto's server."""

from __future__ import annotations

import io
import json
import time
from decimal import Decimal

import pytest
from aws_calls import AwsCallCounter
from lambda_events import api_event, call_api
from moto_resources import IDEMPOTENCY_TABLE, TABLE

BODY = {
    "transactionId": "txn-0001",
    "customerId": "cust-42",
    "amount": 312.40,
    "currency": "USD",
    "merchantId": "m-7",
    "country": "US",
    "channel": "ECOMMERCE",
}


def post(processor, body, **options):
    text = body if isinstance(body, (str, bytes)) or body is None else json.dumps(body)
    return call_api(processor, api_event("POST", "/transactions", text, **options))


def get(processor, transaction_id: str, **options):
    return call_api(processor, api_event("GET", f"/transactions/{transaction_id}", **options))


def stored(aws) -> list[dict]:
    return aws.items(TABLE)


def test_a_valid_post_stores_the_transaction_and_answers_201(processor, aws):
    before = int(time.time() * 1000)
    response = post(processor, BODY, request_id="req-201")

    assert response.status == 201
    assert response.headers["Location"] == "/test/transactions/txn-0001"  # the stage is part of the path
    assert response.headers["X-Request-Id"] == "req-201"
    assert response.headers["Content-Type"] == "application/json"
    assert '"amount":312.4,' in response.text  # a JSON number, never a string
    body = response.json
    assert {k: body[k] for k in BODY} == {**BODY, "amount": Decimal("312.4")}
    assert body["status"] == "RECEIVED" and before <= body["timestamp"] <= int(time.time() * 1000)
    assert body["receivedAt"].endswith("Z") and "dayShard" not in body

    [item] = stored(aws)
    assert item["status"] == {"S": "RECEIVED"} and item["amount"] == {"N": "312.4"}
    assert item["timestamp"] == {"N": str(body["timestamp"])}
    day = time.strftime("%Y-%m-%d", time.gmtime(body["timestamp"] / 1000))
    assert item["dayShard"]["S"].startswith(f"{day}#") and 0 <= int(item["dayShard"]["S"].split("#")[1]) < 16
    [record] = aws.items(IDEMPOTENCY_TABLE)
    assert record["status"] == {"S": "COMPLETED"} and record["id"]["S"].startswith("transaction-intake#")


def test_location_has_no_stage_behind_a_custom_domain(processor, aws):
    assert post(processor, BODY, stage_in_path=False).headers["Location"] == "/transactions/txn-0001"


def test_an_explicit_timestamp_is_stored_as_epoch_milliseconds(processor, aws):
    response = post(processor, BODY | {"timestamp": "2024-05-01T12:00:00.5+00:00"})
    assert response.status == 201 and response.json["timestamp"] == 1714564800500
    assert stored(aws)[0]["dayShard"]["S"].startswith("2024-05-01#")


def test_the_same_body_again_returns_the_original_with_200_and_writes_nothing(processor, aws):
    first = post(processor, BODY)
    time.sleep(0.01)  # a second item would get a later receipt timestamp
    # the same request spelled differently: key order, whitespace, amount 312.40 vs 312.4
    again = post(
        processor,
        '{"channel":"ECOMMERCE","country":"US","merchantId":"m-7","currency":"USD","amount":312.40,'
        '"customerId":"cust-42","transactionId":"txn-0001"}',
    )
    assert (first.status, again.status) == (201, 200)
    assert again.text == first.text
    assert again.headers["Location"] == first.headers["Location"]
    assert len(stored(aws)) == 1


def test_the_same_id_with_another_body_is_a_409_and_changes_nothing(processor, aws):
    post(processor, BODY)
    before = stored(aws)
    response = post(processor, BODY | {"amount": 312.41}, request_id="req-409")
    assert response.status == 409
    assert response.json == {"message": "transactionId was already used with a different body", "requestId": "req-409"}
    assert stored(aws) == before


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        (
            {"transactionId": "t 1", "amount": True, "currency": "XXX", "extra": 1},
            {"transactionId", "customerId", "amount", "currency", "extra"},
        ),
        (BODY | {"amount": "312.40"}, {"amount"}),
        (BODY | {"amount": 0}, {"amount"}),
        (BODY | {"amount": 1.001}, {"amount"}),
        (BODY | {"timestamp": int(time.time() * 1000) + 3_600_000}, {"timestamp"}),
    ],
)
def test_an_invalid_body_is_a_400_listing_each_problem_and_writes_nothing(processor, aws, body, errors):
    response = post(processor, body, request_id="req-400")
    assert response.status == 400
    assert response.json["message"] == "invalid transaction" and response.json["requestId"] == "req-400"
    assert {error["field"] for error in response.json["errors"]} == errors
    assert all(error["message"] for error in response.json["errors"])
    assert stored(aws) == [] and aws.items(IDEMPOTENCY_TABLE) == []


@pytest.mark.parametrize(
    "amount",
    ["5e-324", "1e400", "1234567890123456789012345678901234567890", "1.00000000000000000000000000000000000001"],
)
def test_numbers_beyond_dynamodb_are_400_not_5xx(processor, aws, amount):
    prefix = '{"transactionId": "t", "customerId": "c", "currency": "USD", "amount": '
    response = post(processor, prefix + amount + "}")
    assert response.status == 400 and response.json["errors"][0]["field"] == "amount"
    assert stored(aws) == []


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        '{"amount": NaN}',
        '{"amount": Infinity}',
        '{"transactionId": "a", "transactionId": "b"}',
        "[1, 2]",
        '"a string"',
        "",
        None,
    ],
)
def test_a_body_that_is_not_a_json_object_is_a_400(processor, aws, text):
    response = post(processor, text, request_id="req-json")
    assert response.status == 400
    assert response.json["message"].startswith("request body is not a valid JSON object")
    assert response.json["requestId"] == "req-json"
    assert stored(aws) == []


def test_a_body_over_16_kb_is_a_413_and_one_at_16_kb_is_read(processor, aws):
    compact = json.dumps(BODY)
    at_limit = compact[:-1] + " " * (16 * 1024 - len(compact)) + "}"
    assert len(at_limit.encode()) == 16 * 1024
    assert post(processor, at_limit).status == 201

    response = post(processor, at_limit[:-1] + " }", request_id="req-413")
    assert response.status == 413
    assert response.json == {"message": "request body is larger than 16384 bytes", "requestId": "req-413"}
    assert len(stored(aws)) == 1


def test_a_base64_encoded_body_is_decoded(processor, aws):
    assert post(processor, json.dumps(BODY).encode()).status == 201
    assert post(processor, "%%%", base64_body=True).status == 400


def test_get_returns_the_stored_transaction_from_a_single_query(processor, aws):
    created = post(processor, BODY).json
    with AwsCallCounter(processor.dynamodb) as counter:
        response = get(processor, "txn-0001", request_id="req-get")
    assert response.status == 200 and response.json == created
    assert response.headers["X-Request-Id"] == "req-get"
    assert counter.of("dynamodb") == {"Query": 1}


def test_get_of_an_unknown_id_is_a_404(processor, aws):
    response = get(processor, "nobody", request_id="req-404")
    assert response.status == 404
    assert response.json == {"message": "transaction nobody not found", "requestId": "req-404"}


@pytest.mark.parametrize("bad_id", ["bad!id", "a" * 65, "semi;colon"])
def test_get_of_an_id_that_breaks_the_rules_is_a_400(processor, aws, bad_id):
    response = get(processor, bad_id)
    assert response.status == 400 and response.json["errors"][0]["field"] == "id"


def test_an_unknown_route_still_answers_json_with_the_request_id(processor, aws):
    response = call_api(processor, api_event("DELETE", "/transactions/txn-0001", request_id="req-route"))
    assert response.status == 404 and response.json["requestId"] == "req-route"


def test_a_post_costs_at_most_three_dynamodb_calls_and_no_scan(processor, aws):
    with AwsCallCounter(processor.dynamodb) as counter:
        assert post(processor, BODY).status == 201
    assert counter.of("dynamodb") == {"PutItem": 2, "UpdateItem": 1}  # intake record, item, intake completed
    with AwsCallCounter(processor.dynamodb) as counter:
        assert post(processor, BODY).status == 200
    assert counter.of("dynamodb") == {"PutItem": 1}  # the failed conditional put returns the stored record


def test_a_storage_failure_is_a_500_and_leaves_no_idempotency_record(processor, aws, monkeypatch):
    class BrokenTable:
        def insert(self, transaction):
            raise ConnectionError("DynamoDB unreachable")

    monkeypatch.setattr(processor, "transactions", BrokenTable())
    response = post(processor, BODY, request_id="req-500")
    assert response.status == 500 and response.json == {"message": "internal error", "requestId": "req-500"}
    assert aws.items(IDEMPOTENCY_TABLE) == [] and stored(aws) == []
    monkeypatch.undo()
    assert post(processor, BODY).status == 201  # the client's retry goes through


def test_past_the_idempotency_window_a_resubmission_with_its_timestamp_is_still_caught(processor, aws):
    body = BODY | {"timestamp": 1714564800000}
    first = post(processor, body)
    aws.dynamodb.delete_item(TableName=IDEMPOTENCY_TABLE, Key={"id": aws.items(IDEMPOTENCY_TABLE)[0]["id"]})

    again = post(processor, body)
    assert again.status == 200 and again.json == first.json
    aws.dynamodb.delete_item(TableName=IDEMPOTENCY_TABLE, Key={"id": aws.items(IDEMPOTENCY_TABLE)[0]["id"]})
    assert post(processor, body | {"amount": 1}).status == 409
    assert len(stored(aws)) == 1


def test_logs_are_json_with_the_correlation_id_and_no_request_data(processor, aws, monkeypatch):
    # The Logger's handler keeps the stream it got at import: read what it writes through the real formatter.
    stream = io.StringIO()
    monkeypatch.setattr(processor.logger.registered_handler, "stream", stream)
    post(processor, BODY | {"customerId": "cust-SECRET-77"}, request_id="req-logs")
    post(processor, BODY | {"customerId": "cust-SECRET-77"}, request_id="req-logs")
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert lines, "the handler logged nothing"
    assert all(line["correlation_id"] == "req-logs" for line in lines)
    assert [line["message"] for line in lines] == ["transaction stored", "transaction replayed"]
    assert all(line["transactionId"] == "txn-0001" and line["level"] == "INFO" for line in lines)
    text = json.dumps(lines)
    assert "cust-SECRET-77" not in text and "312.4" not in text and "ECOMMERCE" not in text
