"""Reading a Lambda proxy response as API Gateway (REST v1) does: anything off-format is a 502, not a guess."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from fraudctl.local.apigateway.http_messages import HttpResponse

_ALLOWED_KEYS = {"statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded"}


class MalformedProxyResponse(ValueError):
    """API Gateway logs "Execution failed due to configuration error: Malformed Lambda proxy response"."""


def http_response(payload: Any) -> HttpResponse:
    if not isinstance(payload, dict):
        raise MalformedProxyResponse(f"the function returned {type(payload).__name__}, not a JSON object")
    unexpected = set(payload) - _ALLOWED_KEYS
    if unexpected:
        raise MalformedProxyResponse(f"unexpected fields {sorted(unexpected)}")
    status = _status(payload.get("statusCode"))
    body = payload.get("body")
    if body is not None and not isinstance(body, str):
        raise MalformedProxyResponse(f"body must be a string, got {type(body).__name__}")
    data = (body or "").encode()
    if payload.get("isBase64Encoded"):
        try:
            data = base64.b64decode(data, validate=True)
        except binascii.Error as err:
            raise MalformedProxyResponse(f"isBase64Encoded is true but the body is not base64: {err}") from err
    headers = _headers(payload.get("headers"), payload.get("multiValueHeaders"))
    if not any(name.lower() == "content-type" for name, _ in headers):
        headers.append(("Content-Type", "application/json"))  # API Gateway's default for proxy responses
    return HttpResponse(status=status, body=data, headers=headers)


def _status(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).isdigit():
        raise MalformedProxyResponse(f"statusCode must be an integer, got {value!r}")
    if not 100 <= int(value) <= 599:
        raise MalformedProxyResponse(f"statusCode {value} is not an HTTP status")
    return int(value)


def _headers(single: Any, multi: Any) -> list[tuple[str, str]]:
    if single is not None and not isinstance(single, dict):
        raise MalformedProxyResponse("headers must be an object")
    if multi is not None and not isinstance(multi, dict):
        raise MalformedProxyResponse("multiValueHeaders must be an object")
    headers: list[tuple[str, str]] = []
    for name, values in (multi or {}).items():
        if not isinstance(values, list):
            raise MalformedProxyResponse(f"multiValueHeaders[{name!r}] must be a list")
        headers.extend((name, _text(name, value)) for value in values)
    # A name in both: API Gateway keeps the multi-value list.
    multi_names = {name.lower() for name in multi or {}}
    headers.extend(
        (name, _text(name, value)) for name, value in (single or {}).items() if name.lower() not in multi_names
    )
    return headers


def _text(name: str, value: Any) -> str:
    if isinstance(value, dict | list) or value is None:
        raise MalformedProxyResponse(f"header {name!r} must be a string, got {value!r}")
    return str(value).lower() if isinstance(value, bool) else str(value)
