"""A Lambda proxy response, read as API Gateway (REST v1) reads it."""

from __future__ import annotations

import base64

import pytest

from fraudctl.local.apigateway.proxy_response import MalformedProxyResponse, http_response


def test_headers_are_merged_and_the_content_type_defaults_to_json():
    response = http_response(
        {
            "statusCode": 201,
            "headers": {"Location": "/x", "Set": "one"},
            "multiValueHeaders": {"Set": ["a", "b"]},
            "body": "{}",
        }
    )
    assert response.status == 201 and response.body == b"{}"
    assert response.headers == [("Set", "a"), ("Set", "b"), ("Location", "/x"), ("Content-Type", "application/json")]


def test_a_base64_body_is_decoded():
    encoded = base64.b64encode(b"\x89PNG").decode()
    response = http_response(
        {"statusCode": 200, "body": encoded, "isBase64Encoded": True, "headers": {"Content-Type": "image/png"}}
    )
    assert response.body == b"\x89PNG"


@pytest.mark.parametrize(
    "payload",
    [
        "not an object",
        None,
        {"body": "{}"},
        {"statusCode": "abc"},
        {"statusCode": 700},
        {"statusCode": True},
        {"statusCode": 200, "body": {"a": 1}},
        {"statusCode": 200, "cookies": ["a=b"]},
        {"statusCode": 200, "headers": {"X": {"nested": 1}}},
        {"statusCode": 200, "body": "%%%", "isBase64Encoded": True},
    ],
)
def test_anything_off_format_is_malformed(payload):
    with pytest.raises(MalformedProxyResponse):
        http_response(payload)
