"""The small readers every policy relies on: property paths, unknowns, IAM documents."""

from __future__ import annotations

import json

import pytest
from fraud_guardrails.documents import DocumentError, action_matches, parse, public_grants
from fraud_guardrails.props import UNKNOWN, entries, get, length, mapping, number, peek
from pack_harness import UNKNOWN as UNKNOWN_SENTINEL
from pulumi_policy.proxy import UnknownValueError, unknown_checking_proxy


def test_paths_through_the_sdk_proxies() -> None:
    props = unknown_checking_proxy({"a": {"b": [{"c": 1.0}], "u": UNKNOWN_SENTINEL}, "n": None, "7": "seven"})
    assert get(props, "a.b.0.c") == 1.0
    assert get(props, "a.missing", "default") == "default"
    assert get(props, "n.x") is None
    assert get(props, "7") == "seven"
    with pytest.raises(UnknownValueError):
        get(props, "a.u")
    assert peek(props, "a.u") is UNKNOWN
    assert peek({"raw": UNKNOWN_SENTINEL}, "raw") is UNKNOWN  # plain dicts behave like proxies


def test_maps_lists_and_numbers() -> None:
    assert mapping('{"tags": {"A": "1"}}') == {"tags": {"A": "1"}}
    assert mapping("not json") is None
    assert dict(entries(unknown_checking_proxy({"k.with.dots": "v", "u": UNKNOWN_SENTINEL}))) == {
        "k.with.dots": "v",
        "u": UNKNOWN,
    }
    assert (length(None), length([1, 2]), length("one"), length(UNKNOWN_SENTINEL)) == (0, 2, 1, None)
    assert (number(300.0), number("7"), number(True), number("x")) == (300.0, 7.0, None, None)


def test_documents_accept_strings_objects_and_single_statements() -> None:
    statement = {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}
    assert parse(json.dumps({"Statement": statement}))[0].actions == ("s3:GetObject",)
    assert parse({"Statement": [statement]})[0].resources == ("*",)
    assert parse(None) == [] and parse("") == []
    with pytest.raises(DocumentError):
        parse("{broken")


def test_action_patterns_are_case_insensitive_wildcards() -> None:
    assert action_matches("IAM:put*", "iam:PutRolePolicy")
    assert action_matches("s3:Get?bject", "s3:GetObject")
    assert not action_matches("s3:Get*", "s3:PutObject")


@pytest.mark.parametrize(
    ("condition", "public"),
    [
        ({}, True),
        ({"StringEquals": {"aws:SourceAccount": "123456789012"}}, False),
        ({"ArnLike": {"AWS:SourceArn": "arn:aws:events:us-east-2:123456789012:rule/r"}}, False),
        ({"StringEqualsIfExists": {"aws:SourceAccount": "123456789012"}}, True),
        ({"StringLike": {"aws:PrincipalOrgID": "*"}}, True),
        ({"Bool": {"aws:SecureTransport": "true"}}, True),
    ],
)
def test_public_principal_needs_a_pinning_condition(condition: dict, public: bool) -> None:
    document = {
        "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sqs:SendMessage", "Condition": condition}
        ]
    }
    assert bool(list(public_grants(parse(document)))) is public


def test_not_principal_with_allow_is_public() -> None:
    document = {
        "Statement": [{"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::1:root"}, "Action": "sns:Publish"}]
    }
    assert list(public_grants(parse(document)))
