"""Exact JSON numbers (fraud_domain.json_codec)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fraud_domain.json_codec import MalformedJson, dumps, loads


def test_fractions_parse_as_decimal_and_integers_as_int():
    assert loads('{"a": 312.40, "b": 7, "c": 1e2}') == {"a": Decimal("312.40"), "b": 7, "c": Decimal("1E+2")}
    assert isinstance(loads('{"b": 7}')["b"], int)


@pytest.mark.parametrize(
    "text",
    ["NaN", '{"a": Infinity}', '{"a": -Infinity}', '{"a": 1, "a": 2}', "[" * 50_000, "1" * 5000, "{", "", "\xff"],
)
def test_what_is_not_strict_json_is_refused(text):
    with pytest.raises(MalformedJson):
        loads(text)


def test_invalid_utf8_bytes_are_refused():
    with pytest.raises(MalformedJson):
        loads(b'{"a": "\xff"}')


def test_decimals_are_written_as_exact_plain_numbers():
    document = {"a": Decimal("312.40"), "b": Decimal("1E+2"), "c": Decimal("5E-10"), "d": Decimal("-0")}
    assert dumps(document) == '{"a":312.40,"b":100,"c":0.0000000005,"d":-0}'
    assert dumps({"x": 0.1, "y": 1.5}) == '{"x":0.1,"y":1.5}'  # floats (e.g. replayed JSON) keep their repr


def test_other_values_and_nesting():
    assert (
        dumps({"s": 'é"', "l": [1, None, True, False, 2.5], "t": (1,)})
        == '{"s":"é\\"","l":[1,null,true,false,2.5],"t":[1]}'
    )
    assert loads(dumps({"x": Decimal("0.1")})) == {"x": Decimal("0.1")}


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), float("nan"), object()])
def test_values_without_a_json_number_fail_loudly(value):
    with pytest.raises((ValueError, TypeError)):
        dumps({"v": value})
