"""The local API answers like API Gateway: routes, API key, proxy event, validation, errors, timeouts."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime

import pytest

from fraudctl.local import ApiClient, LocalSystem
from tests.local.conftest import LEAKED_VARIABLE

pytestmark = pytest.mark.slow


@pytest.fixture
def api(fake_system: LocalSystem) -> ApiClient:
    client = fake_system.api_client()
    yield client
    client.close()


def test_the_proxy_event_has_every_field_api_gateway_sends(fake_system: LocalSystem, api: ApiClient):
    before = int(time.time() * 1000)
    response = api.request("GET", "/transactions/txn%201?page=1&tag=a&tag=b", headers={"X-Trace": "t1"})

    assert response.status == 200
    assert response.headers["x-echo"] == "yes"
    event = response.json["event"]
    stage = fake_system.topology.api
    route = next(r for r in stage.routes if r.http_method == "GET")
    assert event["resource"] == "/transactions/{id}"
    assert event["path"] == "/transactions/txn 1"
    assert event["httpMethod"] == "GET"
    assert event["pathParameters"] == {"id": "txn 1"}
    assert event["queryStringParameters"] == {"page": "1", "tag": "b"}
    assert event["multiValueQueryStringParameters"] == {"page": ["1"], "tag": ["a", "b"]}
    assert event["headers"]["X-Trace"] == "t1" and event["multiValueHeaders"]["X-Trace"] == ["t1"]
    assert event["headers"]["x-api-key"] == fake_system.api_key
    assert event["stageVariables"] is None and event["body"] is None and event["isBase64Encoded"] is False
    context = event["requestContext"]
    assert context["stage"] == "dev" and context["path"] == "/dev/transactions/txn 1"
    assert context["resourcePath"] == "/transactions/{id}" and context["httpMethod"] == "GET"
    assert context["resourceId"] == route.resource_id and context["apiId"] == stage.api_id
    assert context["accountId"] == "123456789012" and context["protocol"] == "HTTP/1.1"
    assert context["identity"]["sourceIp"] == "127.0.0.1"
    assert context["identity"]["apiKeyId"] == stage.api_keys[fake_system.api_key]
    assert context["requestId"] == response.headers["x-amzn-requestid"]
    assert before <= context["requestTimeEpoch"] <= int(time.time() * 1000)
    assert datetime.strptime(context["requestTime"], "%d/%b/%Y:%H:%M:%S %z").tzinfo == UTC
    assert context["domainName"] == fake_system.base_url.removeprefix("http://")


def test_the_function_gets_the_programs_environment_and_a_lambda_context(fake_system: LocalSystem, api: ApiClient):
    echo = api.get_transaction("context").json
    environment, context = echo["environment"], echo["context"]
    function = fake_system.topology.function("transaction-processor-dev")

    assert {name: environment[name] for name in function.environment} == function.environment
    assert environment["POWERTOOLS_SERVICE_NAME"] == "transaction-processor"
    assert environment["AWS_ENDPOINT_URL"] == fake_system.moto_endpoint
    assert environment["AWS_REGION"] == environment["AWS_DEFAULT_REGION"] == "us-east-2"
    assert environment["AWS_LAMBDA_FUNCTION_NAME"] == "transaction-processor-dev"
    assert LEAKED_VARIABLE not in environment  # nothing from the shell but PATH
    assert context["function_name"] == "transaction-processor-dev"
    assert context["invoked_function_arn"] == function.arn
    assert context["memory_limit_in_mb"] == "512"
    assert context["log_group_name"] == "/aws/lambda/transaction-processor-dev"
    assert 0 < context["remaining_ms"] <= 500  # the 500 ms integration timeout bounds this invocation
    assert len(context["aws_request_id"]) == 36


def test_a_post_body_reaches_the_function_as_text(api: ApiClient):
    body = {"transactionId": "t-1", "customerId": "c-1", "amount": 12.5, "currency": "EUR"}
    response = api.post_transaction(body)

    assert response.status == 201
    event = response.json["event"]
    assert json.loads(event["body"]) == body
    assert event["resource"] == "/transactions" and event["pathParameters"] is None


@pytest.mark.parametrize(
    ("body", "validation_error"),
    [
        ({"transactionId": "t-2"}, '[object has missing required properties (["amount","currency","customerId"])]'),
        (
            {"transactionId": "t-3", "customerId": "c", "amount": 1, "currency": "EUR", "cardNumber": "4111"},
            '[object instance has properties which are not allowed by the schema: ["cardNumber"]]',
        ),
    ],
)
def test_a_body_the_model_rejects_gets_the_programs_bad_request_body_response(api: ApiClient, body, validation_error):
    response = api.post_transaction(body)

    assert response.status == 400
    assert response.headers["x-amzn-errortype"] == "BadRequestException"
    assert response.json == {  # the program's BAD_REQUEST_BODY template, rendered
        "message": "Invalid request body",
        "errors": [{"field": "body", "message": validation_error}],
        "requestId": response.headers["x-amzn-requestid"],
    }


@pytest.mark.parametrize("key", [None, "not-the-key"])
def test_a_missing_or_wrong_api_key_is_forbidden(fake_system: LocalSystem, key: str | None):
    client = ApiClient(fake_system.api_url, key)
    response = client.get_transaction("t-1")
    client.close()

    assert response.status == 403
    assert response.json == {"message": "Forbidden"}
    assert response.headers["x-amzn-errortype"] == "ForbiddenException"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/dev/nope"),
        ("DELETE", "/dev/transactions"),
        ("GET", "/transactions/t-1"),
        ("GET", "/prod/transactions/t"),
        ("TRACE", "/dev/transactions/0"),
        ("PROPFIND", "/dev/transactions"),
    ],
)
def test_an_unknown_route_is_missing_authentication_token_even_without_a_key(fake_system, method, path):
    client = ApiClient(fake_system.api_url, None)
    response = client.request(method, path, stage_relative=False)
    client.close()

    assert response.status == 403
    assert response.json == {"message": "Missing Authentication Token"}


@pytest.mark.parametrize("target", ["raise", "malformed", "exit"])
def test_a_failing_function_or_malformed_answer_is_a_502(api: ApiClient, target: str):
    response = api.get_transaction(target)

    assert response.status == 502
    assert response.json == {"message": "Internal server error"}


def test_past_the_integration_timeout_the_client_gets_504_and_the_worker_is_replaced(api: ApiClient):
    first_pid = api.get_transaction("before").json["pid"]
    started = time.monotonic()
    response = api.get_transaction("sleep")
    elapsed = time.monotonic() - started

    assert response.status == 504
    assert response.json == {"message": "Endpoint request timed out"}
    assert 0.45 <= elapsed < 2.0  # the 500 ms integration timeout, not the handler's 5 s sleep
    after = api.get_transaction("after")
    assert after.status == 200
    assert after.json["pid"] != first_pid  # a fresh execution environment


def test_every_answer_is_access_logged_in_the_stages_format(fake_system: LocalSystem, api: ApiClient):
    response = api.get_transaction("logged")
    request_id = response.headers["x-amzn-requestid"]

    log = (fake_system.log_dir / "api.log").read_text(encoding="utf-8").splitlines()
    entry = json.loads(next(line for line in log if request_id in line))
    assert entry["status"] == "200" and entry["resourcePath"] == "/transactions/{id}" and entry["httpMethod"] == "GET"
    assert entry["apiKeyId"] == fake_system.topology.api.api_keys[fake_system.api_key]
