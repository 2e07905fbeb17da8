"""Gateway response templates and access log formats, rendered as API Gateway's Velocity would."""

from __future__ import annotations

import json

from fraudctl.local.apigateway import responses as gr
from fraudctl.local.apigateway.vtl import escape_javascript, render
from fraudctl.local.topology import GatewayResponse

CONTEXT = {
    "requestId": "req-1",
    "identity": {"sourceIp": "127.0.0.1"},
    "error": {"validationErrorString": '[it\'s "x"]'},
}


def test_references_in_all_their_spellings():
    assert render("$context.requestId ${context.requestId} $!context.requestId", CONTEXT) == "req-1 req-1 req-1"
    assert render("$context.identity.sourceIp $context.missing.key.", CONTEXT) == "127.0.0.1 ."


def test_escape_javascript_is_javas_including_its_not_json_quote():
    assert escape_javascript('it\'s "q"/\n\u00e9') == 'it\\\'s \\"q\\"\\/\\n\\u00E9'


def test_the_replace_all_idiom_that_makes_escaped_text_json_again():
    template = '{"m": "$util.escapeJavaScript($context.error.validationErrorString).replaceAll("\\\\\'","\'")"}'
    assert json.loads(render(template, CONTEXT)) == {"m": '[it\'s "x"]'}


def test_string_methods_chain():
    assert render('$context.requestId.toUpperCase().replace("-","_")', CONTEXT) == "REQ_1"


def test_default_gateway_responses_and_a_programs_override():
    responses = gr.GatewayResponses(
        {
            "THROTTLED": GatewayResponse(
                "THROTTLED", 503, {"application/json": '{"slow": "$context.requestId"}'}, {"Retry-After": "1"}
            )
        }
    )
    forbidden = responses.respond(gr.INVALID_API_KEY, CONTEXT)
    throttled = responses.respond(gr.THROTTLED, CONTEXT)

    assert (forbidden.status, json.loads(forbidden.body)) == (403, {"message": "Forbidden"})
    assert forbidden.header("x-amzn-ErrorType") == "ForbiddenException"
    assert (throttled.status, json.loads(throttled.body), throttled.header("Retry-After")) == (
        503,
        {"slow": "req-1"},
        "1",
    )


def test_a_type_the_program_leaves_alone_inherits_its_default_4xx_customisation():
    responses = gr.GatewayResponses(
        {
            "DEFAULT_4XX": GatewayResponse(
                "DEFAULT_4XX", None, {"application/json": '{"e": $context.error.messageString}'}, {}
            )
        }
    )
    response = responses.respond(gr.MISSING_AUTHENTICATION_TOKEN, CONTEXT)
    assert (response.status, json.loads(response.body)) == (403, {"e": "Missing Authentication Token"})
