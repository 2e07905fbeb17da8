"""Lambda's filter patterns on stream records, as the mapping's FilterCriteria uses them."""

from __future__ import annotations

import pytest

from fraudctl.local.errors import UnsupportedByLocalMode
from fraudctl.local.streams.event_filter import check_pattern, matches, matches_any

INSERT = {"eventName": "INSERT", "dynamodb": {"NewImage": {"status": {"S": "RECEIVED"}, "amount": {"N": "120.5"}}}}
MODIFY = {"eventName": "MODIFY", "dynamodb": {"NewImage": {"status": {"S": "ANALYZED"}, "amount": {"N": "120.5"}}}}


def test_the_programs_insert_filter_keeps_inserts_only():
    patterns = ({"eventName": ["INSERT"]},)
    assert matches_any(patterns, INSERT)
    assert not matches_any(patterns, MODIFY)


def test_no_filter_lets_everything_through_and_several_filters_are_or_ed():
    assert matches_any((), MODIFY)
    assert matches_any(({"eventName": ["REMOVE"]}, {"eventName": ["MODIFY"]}), MODIFY)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ({"dynamodb": {"NewImage": {"status": {"S": ["RECEIVED"]}}}}, True),
        ({"dynamodb": {"NewImage": {"status": {"S": [{"prefix": "REC"}]}}}}, True),
        ({"dynamodb": {"NewImage": {"status": {"S": [{"anything-but": ["RECEIVED"]}]}}}}, False),
        ({"dynamodb": {"NewImage": {"amount": {"N": [{"numeric": [">", 100, "<=", 200]}]}}}}, True),
        ({"dynamodb": {"NewImage": {"amount": {"N": [{"numeric": [">", 200]}]}}}}, False),
        ({"dynamodb": {"OldImage": [{"exists": False}]}}, True),
        ({"dynamodb": {"OldImage": [{"exists": True}]}}, False),
        ({"dynamodb": {"NewImage": {"country": {"S": ["DE"]}}}}, False),
    ],
)
def test_values_operators_and_nesting(pattern, expected):
    assert matches(pattern, INSERT) is expected


def test_an_operator_lambda_has_but_local_mode_does_not_stops_the_start():
    with pytest.raises(UnsupportedByLocalMode, match="wildcard"):
        check_pattern({"eventName": [{"wildcard": "INS*"}]}, "mapping")
    with pytest.raises(UnsupportedByLocalMode, match="must be a list or an object"):
        check_pattern({"eventName": "INSERT"}, "mapping")
