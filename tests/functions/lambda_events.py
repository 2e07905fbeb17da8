"""Real Lambda event shapes for the handler tests: REST v1 proxy events, DynamoDB stream records, EventBridge."""

from __future__ import annotations

import base64
import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

ACCOUNT = "123456789012"
REGION = "us-east-2"
STAGE = "test"


@dataclass
class LambdaContext:
    """The attributes Powertools and the handlers read from the real context object."""

    function_name: str = "fraud-function-test"
    memory_limit_in_mb: int = 256
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    remaining_millis: int = 30_000

    @property
    def invoked_function_arn(self) -> str:
        return f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{self.function_name}"

    def get_remaining_time_in_millis(self) -> int:
        return self.remaining_millis


def api_event(
    method: str,
    path: str,
    body: str | bytes | None = None,
    *,
    request_id: str | None = None,
    base64_body: bool = False,
    stage_in_path: bool = True,
) -> dict[str, Any]:
    """What API Gateway (REST v1, Lambda proxy) sends for `method path` on the resources of our API.

    A bytes body is sent base64-encoded; `base64_body` marks a str body as already encoded.
    """
    resource, path_parameters = "/transactions", None
    if path.startswith("/transactions/") and path.endswith("/label"):
        resource, path_parameters = "/transactions/{id}/label", {"id": path.split("/")[2]}
    elif path.startswith("/transactions/"):
        resource, path_parameters = "/transactions/{id}", {"id": path.removeprefix("/transactions/")}
    encoded = isinstance(body, bytes) or base64_body
    if isinstance(body, bytes):
        body = base64.b64encode(body).decode()
    now = datetime.now(UTC)
    headers = {"Content-Type": "application/json", "Host": "abc123.execute-api.us-east-2.amazonaws.com"}
    request_id = request_id or str(uuid.uuid4())
    return {
        "resource": resource,
        "path": path,
        "httpMethod": method,
        "headers": headers,
        "multiValueHeaders": {name: [value] for name, value in headers.items()},
        "queryStringParameters": None,
        "multiValueQueryStringParameters": None,
        "pathParameters": path_parameters,
        "stageVariables": None,
        "body": body,
        "isBase64Encoded": encoded,
        "requestContext": {
            "resourceId": "abc123",
            "apiId": "abc123",
            "resourcePath": resource,
            "httpMethod": method,
            "requestId": request_id,
            "extendedRequestId": request_id,
            "accountId": ACCOUNT,
            "stage": STAGE,
            "identity": {"sourceIp": "203.0.113.7", "userAgent": "pytest", "apiKeyId": "key-id"},
            "path": f"/{STAGE}{path}" if stage_in_path else path,
            "protocol": "HTTP/1.1",
            "domainName": "abc123.execute-api.us-east-2.amazonaws.com",
            "requestTimeEpoch": int(now.timestamp() * 1000),
            "requestTime": now.strftime("%d/%b/%Y:%H:%M:%S +0000"),
        },
    }


def lambda_stream_record(record: dict[str, Any], stream_arn: str) -> dict[str, Any]:
    """A record from moto's GetRecords in the shape Lambda delivers: real region, ARN, epoch-seconds time."""
    stream = dict(record["dynamodb"])
    created = stream.get("ApproximateCreationDateTime")
    if isinstance(created, datetime):
        stream["ApproximateCreationDateTime"] = int(created.timestamp())
    return {
        "eventID": record["eventID"],
        "eventName": record["eventName"],
        "eventVersion": "1.1",
        "eventSource": "aws:dynamodb",
        "awsRegion": REGION,
        "dynamodb": stream,
        "eventSourceARN": stream_arn,
    }


def stream_event(records: list[dict[str, Any]]) -> dict[str, Any]:
    return {"Records": records}


def scheduled_event(fired_at: str) -> dict[str, Any]:
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": ACCOUNT,
        "time": fired_at,
        "region": REGION,
        "resources": [f"arn:aws:events:{REGION}:{ACCOUNT}:rule/daily-fraud-report"],
        "detail": {},
    }


@dataclass
class ApiResponse:
    status: int
    headers: dict[str, str]
    text: str

    @property
    def json(self) -> Any:
        from decimal import Decimal

        return json.loads(self.text, parse_float=Decimal)


def call_api(module: Any, event: dict[str, Any], context: LambdaContext | None = None) -> ApiResponse:
    """Invoke a handler module with a proxy event and read the proxy response as API Gateway would."""
    raw = module.handler(event, context or LambdaContext())
    headers = {name: values[-1] for name, values in (raw.get("multiValueHeaders") or {}).items()}
    headers |= raw.get("headers") or {}
    assert raw.get("isBase64Encoded") is False
    return ApiResponse(raw["statusCode"], headers, raw["body"])
