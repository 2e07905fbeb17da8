"""The request model check API Gateway runs before the function, with its validator's wording."""

from __future__ import annotations

import json

import pytest

from fraudctl.local.apigateway.request_validation import BodyValidator
from fraudctl.local.topology import ApiRoute

SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "amount"],
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z]+$", "minLength": 2},
        "amount": {"type": "number", "minimum": 0, "exclusiveMinimum": True, "maximum": 100},
        "when": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
        "kind": {"enum": ["A", "B"]},
    },
}
VALIDATOR = BodyValidator(ApiRoute("/t", "r1", "POST", "fn", 29000, True, body_schemas={"application/json": SCHEMA}))


def errors(body: object, content_type: str | None = "application/json") -> str | None:
    return VALIDATOR.errors(content_type, json.dumps(body).encode())


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"id": "ab", "amount": 5}, None),
        ({"id": "ab"}, '[object has missing required properties (["amount"])]'),
        (
            {"id": "ab", "amount": 5, "x": 1},
            '[object instance has properties which are not allowed by the schema: ["x"]]',
        ),
        (
            {"id": "ab", "amount": "5"},
            '[instance type (string) does not match any allowed primitive type (allowed: ["number"])]',
        ),
        (
            {"id": "ab", "amount": True},
            '[instance type (boolean) does not match any allowed primitive type (allowed: ["number"])]',
        ),
        ({"id": "ab", "amount": 0}, "[numeric instance is not strictly greater than the required minimum 0]"),
        (
            {"id": "ab", "amount": 101},
            "[numeric instance is greater than the required maximum (maximum: 100, found: 101)]",
        ),
        ({"id": "A1", "amount": 5}, '[ECMA 262 regex "^[a-z]+$" does not match input string "A1"]'),
        ({"id": "ab", "amount": 5, "when": 1.5}, "[instance failed to match exactly one schema (matched 0 out of 2)]"),
        (
            {"id": "ab", "amount": 5, "kind": "C"},
            '[instance value ("C") not found in enum (possible values: ["A","B"])]',
        ),
        ([], '[instance type (array) does not match any allowed primitive type (allowed: ["object"])]'),
    ],
)
def test_messages_in_the_validators_words(body, expected):
    assert errors(body) == expected


def test_an_empty_body_is_an_empty_object_and_broken_json_is_invalid():
    assert VALIDATOR.errors(None, b"") == '[object has missing required properties (["amount","id"])]'
    assert VALIDATOR.errors(None, b"this is not json").startswith("[Invalid JSON:")
    assert VALIDATOR.errors(None, b'{"id": "ab", "amount": NaN}').startswith("[Invalid JSON:")


def test_a_content_type_without_a_model_is_not_validated_as_in_api_gateway():
    assert VALIDATOR.errors("application/json; charset=utf-8", b"[]") is not None  # parameters do not matter
    assert VALIDATOR.errors("text/plain", b"[]") is None
