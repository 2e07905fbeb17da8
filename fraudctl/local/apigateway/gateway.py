"""The stage's API on http://127.0.0.1:<port>, answering as API Gateway (REST, Lambda proxy) would.

Per request, in API Gateway's order: route (else 403 Missing Authentication Token), API key (403 Forbidden),
stage throttling (429), request validation (400), then the proxy integration with its timeout (504), whose
failures or malformed answers are a 502. Every answer is access-logged in the stage's own log format.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

from fraudctl.local.apigateway import responses as gr
from fraudctl.local.apigateway.http_messages import HttpRequest, HttpResponse
from fraudctl.local.apigateway.proxy_event import proxy_event
from fraudctl.local.apigateway.proxy_response import MalformedProxyResponse, http_response
from fraudctl.local.apigateway.request_validation import BodyValidator
from fraudctl.local.apigateway.routes import RouteMatch, RouteTable
from fraudctl.local.apigateway.throttle import TokenBucket
from fraudctl.local.apigateway.vtl import render
from fraudctl.local.lambda_ import Invocation
from fraudctl.local.logs import LogSink
from fraudctl.local.topology import ApiStage

Invoke = Callable[[str, dict[str, Any], float], Invocation]  # (function name, event, timeout in s)
_SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
DEFAULT_ACCESS_LOG = "$context.requestId $context.httpMethod $context.resourcePath $context.status"


class LocalApiGateway:
    def __init__(
        self,
        stage: ApiStage,
        account_id: str,
        invoke: Invoke,
        access_log: LogSink,
        server_port: Callable[[], int],
        after_integration: Callable[[], None] | None = None,
    ) -> None:
        self.stage = stage
        self._account_id = account_id
        self._invoke = invoke
        self._log = access_log
        self._server_port = server_port
        self._after_integration = after_integration
        self._routes = RouteTable(stage.stage_name, stage.routes)
        self._validators = {(r.resource_path, r.http_method): BodyValidator(r) for r in stage.routes if r.body_schemas}
        self._responses = gr.GatewayResponses(stage.gateway_responses)
        throttle = stage.throttle
        self._bucket = TokenBucket(throttle.rate_per_s, throttle.burst) if throttle else None

    def handle(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        request_id = str(uuid.uuid4())
        match = self._routes.match(request.method, request.path)
        context = self._context(request, request_id, match)
        response, integration_ms = self._respond(request, request_id, match, context)
        response.headers += [("x-amzn-RequestId", request_id), ("x-amz-apigw-id", request_id[:8] + "=")]
        context |= {
            "status": response.status,
            "responseLength": len(response.body),
            "integrationLatency": "-" if integration_ms is None else int(integration_ms),
            "responseLatency": int((time.perf_counter() - started) * 1000),
        }
        self._log.write(render(self.stage.access_log_format or DEFAULT_ACCESS_LOG, context))
        return response

    def _respond(
        self, request: HttpRequest, request_id: str, match: RouteMatch | None, context: dict[str, Any]
    ) -> tuple[HttpResponse, float | None]:
        if match is None:
            return self._responses.respond(gr.MISSING_AUTHENTICATION_TOKEN, context), None
        route, api_key = match.route, request.header("x-api-key")
        if route.api_key_required and api_key not in self.stage.api_keys:
            return self._responses.respond(gr.INVALID_API_KEY, context), None
        if self._bucket is not None and not self._bucket.try_acquire():
            return self._responses.respond(gr.THROTTLED, context), None
        missing = [p.name for p in route.required_parameters if not _present(request, match, p.location, p.name)]
        if missing:
            message = f"Missing required request parameters: [{', '.join(missing)}]"
            return self._responses.respond(gr.BAD_REQUEST_PARAMETERS, context, message), None
        validator = self._validators.get((route.resource_path, route.http_method))
        invalid = validator.errors(request.header("Content-Type"), request.body) if validator else None
        if invalid is not None:
            context["error"] = {"validationErrorString": invalid}
            return self._responses.respond(gr.BAD_REQUEST_BODY, context), None
        event = proxy_event(
            request, match, self.stage, request_id=request_id, account_id=self._account_id,
            api_key=api_key, server_port=self._server_port(),
        )  # fmt: skip
        invocation = self._invoke(route.function_name, event, route.timeout_ms / 1000)
        response = self._integration_response(invocation, context)
        if request.method not in _SAFE_METHODS:
            # The function may have written: the hook (a stream poll) runs once the client has its answer,
            # so the poll does not compete with sending it.
            response.on_sent = self._after_integration
        return response, invocation.duration_ms

    def _integration_response(self, invocation: Invocation, context: dict[str, Any]) -> HttpResponse:
        if invocation.error is not None:
            if invocation.error.timed_out:
                self._log.write(f"Execution failed: integration timed out ({invocation.error.message})")
                return self._responses.respond(gr.INTEGRATION_TIMEOUT, context)
            self._log.write(
                f"Lambda execution failed with status 200 due to customer function error: {invocation.error.message}"
            )
            return self._responses.respond(gr.LAMBDA_ERROR, context)
        try:
            return http_response(invocation.payload)
        except MalformedProxyResponse as err:
            self._log.write(f"Execution failed due to configuration error: Malformed Lambda proxy response ({err})")
            return self._responses.respond(gr.LAMBDA_ERROR, context)

    def _context(self, request: HttpRequest, request_id: str, match: RouteMatch | None) -> dict[str, Any]:
        api_key = request.header("x-api-key")
        return {
            "requestId": request_id,
            "extendedRequestId": request_id,
            "apiId": self.stage.api_id,
            "stage": self.stage.stage_name,
            "httpMethod": request.method,
            "resourcePath": match.route.resource_path if match else request.path,
            "path": request.path,
            "protocol": request.protocol,
            "domainName": request.header("Host") or "",
            "requestTime": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(request.received_at)),
            "requestTimeEpoch": int(request.received_at * 1000),
            "identity": {
                "sourceIp": request.source_ip,
                "userAgent": request.header("User-Agent"),
                "apiKey": api_key,
                "apiKeyId": self.stage.api_keys.get(api_key or ""),
            },
        }


def _present(request: HttpRequest, match: RouteMatch, location: str, name: str) -> bool:
    if location == "path":
        return bool(match.path_parameters.get(name))
    if location == "header":
        return bool(request.header(name))
    return any(key == name and value for key, value in parse_qsl(request.query, keep_blank_values=True))
