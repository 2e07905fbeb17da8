"""The API Gateway side of the processor: reading a REST v1 proxy body and shaping JSON responses."""

from __future__ import annotations

import base64
import binascii
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools.event_handler import Response

from fraud_domain import json_codec

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEvent

MAX_BODY_BYTES = 16 * 1024


class PayloadTooLarge(Exception):
    """The body is over MAX_BODY_BYTES: refused before it is parsed."""


def json_object_body(event: APIGatewayProxyEvent) -> dict[str, Any]:
    """The body as a JSON object (numbers as int/Decimal); raises PayloadTooLarge or json_codec.MalformedJson."""
    try:
        raw = base64.b64decode(event.body or "", validate=True) if event.is_base64_encoded else (event.body or "")
    except binascii.Error as exc:
        raise json_codec.MalformedJson("the base64 body does not decode") from exc
    data = raw.encode() if isinstance(raw, str) else raw
    if len(data) > MAX_BODY_BYTES:
        raise PayloadTooLarge(len(data))
    document = json_codec.loads(data)
    if not isinstance(document, dict):
        raise json_codec.MalformedJson("the body must be a JSON object")
    return document


def base_path(event: APIGatewayProxyEvent) -> str:
    """'/<stage>' when the request came through the execute-api URL, '' through a custom domain."""
    context = event.request_context
    stage_prefix = f"/{context.stage}"
    return stage_prefix if context.stage and (context.path or "").startswith(stage_prefix + "/") else ""


def json_response(status: int, body: dict[str, Any], request_id: str, **headers: str) -> Response:
    """Every response carries the request id, so a client report can be matched to the logs."""
    return Response(
        status_code=status,
        content_type="application/json",
        body=json_codec.dumps(body),
        headers={"X-Request-Id": request_id, **headers},
    )


def error_response(
    status: int, message: str, request_id: str, errors: list[dict[str, str]] | None = None, **headers: str
) -> Response:
    body: dict[str, Any] = {"message": message, "requestId": request_id}
    if errors is not None:
        body["errors"] = errors
    return json_response(status, body, request_id, **headers)
