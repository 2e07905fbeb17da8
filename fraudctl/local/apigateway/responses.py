"""How API Gateway answers when it, not the function, decides: its defaults, overridden by the program's
GatewayResponses (status, template, headers), rendered with the request's $context."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from fraudctl.local.apigateway.http_messages import HttpResponse
from fraudctl.local.apigateway.vtl import render
from fraudctl.local.topology import GatewayResponse


@dataclass(frozen=True)
class _Default:
    status: int
    message: str
    error_type: str  # the x-amzn-ErrorType header


MISSING_AUTHENTICATION_TOKEN = "MISSING_AUTHENTICATION_TOKEN"  # noqa: S105 - a response type, not a secret
INVALID_API_KEY = "INVALID_API_KEY"
THROTTLED = "THROTTLED"
BAD_REQUEST_BODY = "BAD_REQUEST_BODY"
BAD_REQUEST_PARAMETERS = "BAD_REQUEST_PARAMETERS"
REQUEST_TOO_LARGE = "REQUEST_TOO_LARGE"
INTEGRATION_TIMEOUT = "INTEGRATION_TIMEOUT"
LAMBDA_ERROR = "DEFAULT_5XX"  # a function error or a malformed proxy response: 502, API Gateway's 5XX default

_DEFAULTS = {
    MISSING_AUTHENTICATION_TOKEN: _Default(403, "Missing Authentication Token", "MissingAuthenticationTokenException"),
    INVALID_API_KEY: _Default(403, "Forbidden", "ForbiddenException"),
    THROTTLED: _Default(429, "Too Many Requests", "TooManyRequestsException"),
    BAD_REQUEST_BODY: _Default(400, "Invalid request body", "BadRequestException"),
    BAD_REQUEST_PARAMETERS: _Default(400, "Missing required request parameters", "BadRequestException"),
    REQUEST_TOO_LARGE: _Default(413, "Request Too Long", "RequestTooLongException"),
    INTEGRATION_TIMEOUT: _Default(504, "Endpoint request timed out", "InternalServerErrorException"),
    LAMBDA_ERROR: _Default(502, "Internal server error", "InternalServerErrorException"),
}
DEFAULT_TEMPLATE = '{"message":$context.error.messageString}'


class GatewayResponses:
    def __init__(self, customised: dict[str, GatewayResponse]) -> None:
        self._customised = customised

    def respond(self, response_type: str, context: dict[str, Any], message: str | None = None) -> HttpResponse:
        """The response for `response_type`; `context` is the request's $context, completed with $context.error."""
        default = _DEFAULTS[response_type]
        message = message or default.message
        context = context | {
            "error": {
                **context.get("error", {}),
                "message": message,
                "messageString": json.dumps(message),
                "responseType": response_type,
            }
        }
        # A type the program does not customise inherits its DEFAULT_4XX / DEFAULT_5XX customisation, if any.
        family = "DEFAULT_4XX" if default.status < 500 else "DEFAULT_5XX"
        custom = self._customised.get(response_type) or self._customised.get(family)
        status = (custom.status_code if custom and custom.status_code else None) or default.status
        template = (custom.templates.get("application/json") if custom else None) or DEFAULT_TEMPLATE
        headers = [("Content-Type", "application/json"), ("x-amzn-ErrorType", default.error_type)]
        headers += list((custom.headers if custom else {}).items())
        return HttpResponse(status=status, body=render(template, context).encode(), headers=headers)
