"""Stands in for Amazon API Gateway (REST API, Lambda proxy integration): the stage's API on 127.0.0.1.

Face: `api_stage` reads the stage from the program, `LocalApiGateway` answers requests as API Gateway would,
`LocalHttpServer` carries them over HTTP/1.1, as `HttpRequest` and `HttpResponse` values.
"""

from fraudctl.local.apigateway.gateway import LocalApiGateway
from fraudctl.local.apigateway.http_messages import HttpRequest, HttpResponse
from fraudctl.local.apigateway.http_server import LocalHttpServer
from fraudctl.local.apigateway.program_stage import api_stage

__all__ = ["HttpRequest", "HttpResponse", "LocalApiGateway", "LocalHttpServer", "api_stage"]
