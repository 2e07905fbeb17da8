"""The REST API (v1) Lambda proxy event, field by field as API Gateway builds it for a matched route."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

from fraudctl.local.apigateway.http_messages import HttpRequest
from fraudctl.local.apigateway.routes import RouteMatch
from fraudctl.local.topology import ApiStage


def proxy_event(
    request: HttpRequest,
    match: RouteMatch,
    stage: ApiStage,
    *,
    request_id: str,
    account_id: str,
    api_key: str | None,
    server_port: int,
) -> dict[str, Any]:
    headers = list(request.headers)
    names = {name.lower() for name, _ in headers}
    # API Gateway adds these in front of the integration (locally over plain HTTP, on the local port).
    for name, value in (
        ("X-Forwarded-For", request.source_ip),
        ("X-Forwarded-Port", str(server_port)),
        ("X-Forwarded-Proto", "http"),
        ("X-Amzn-Trace-Id", f"Root=1-{int(time.time()):08x}-{request_id.replace('-', '')[:24]}"),
    ):
        if name.lower() not in names:
            headers.append((name, value))
    single, multi = _headers(headers)
    query_single, query_multi = _query(request.query)
    domain = request.header("Host") or f"127.0.0.1:{server_port}"
    received = datetime.fromtimestamp(request.received_at, UTC)
    route = match.route
    return {
        "resource": route.resource_path,
        "path": match.path,
        "httpMethod": request.method,
        "headers": single,
        "multiValueHeaders": multi,
        "queryStringParameters": query_single,
        "multiValueQueryStringParameters": query_multi,
        "pathParameters": match.path_parameters or None,
        "stageVariables": None,
        "requestContext": {
            "resourceId": route.resource_id,
            "resourcePath": route.resource_path,
            "httpMethod": request.method,
            "extendedRequestId": request_id,
            "requestTime": received.strftime("%d/%b/%Y:%H:%M:%S +0000"),
            "path": f"/{stage.stage_name}{match.path}",
            "accountId": account_id,
            "protocol": request.protocol,
            "stage": stage.stage_name,
            "domainPrefix": domain.split(".", 1)[0].split(":", 1)[0],
            "requestTimeEpoch": int(request.received_at * 1000),
            "requestId": request_id,
            "identity": _identity(request, api_key, stage),
            "domainName": domain,
            "apiId": stage.api_id,
        },
        # No binary media types on this API: API Gateway passes the body as text, never base64.
        "body": request.body.decode("utf-8", errors="replace") if request.body else None,
        "isBase64Encoded": False,
    }


def _headers(headers: list[tuple[str, str]]) -> tuple[dict[str, str] | None, dict[str, list[str]] | None]:
    if not headers:
        return None, None
    single: dict[str, str] = {}
    multi: dict[str, list[str]] = {}
    for name, value in headers:
        single[name] = value
        multi.setdefault(name, []).append(value)
    return single, multi


def _query(query: str) -> tuple[dict[str, str] | None, dict[str, list[str]] | None]:
    pairs = parse_qsl(query, keep_blank_values=True)
    if not pairs:
        return None, None
    multi: dict[str, list[str]] = {}
    for name, value in pairs:
        multi.setdefault(name, []).append(value)
    return {name: values[-1] for name, values in multi.items()}, multi


def _identity(request: HttpRequest, api_key: str | None, stage: ApiStage) -> dict[str, Any]:
    return {
        "cognitoIdentityPoolId": None,
        "accountId": None,
        "cognitoIdentityId": None,
        "caller": None,
        "sourceIp": request.source_ip,
        "principalOrgId": None,
        "accessKey": None,
        "cognitoAuthenticationType": None,
        "cognitoAuthenticationProvider": None,
        "userArn": None,
        "userAgent": request.header("User-Agent"),
        "user": None,
        "apiKey": api_key,
        "apiKeyId": stage.api_keys.get(api_key or ""),
        "clientCert": None,
    }
