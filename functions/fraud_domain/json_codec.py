"""JSON that keeps money exact: numbers are read as Decimal and Decimals are written as JSON numbers.

The standard library cannot write a Decimal as a number (only as a string or a lossy float), and boto3 refuses
floats, so the whole system speaks Decimal and this module is the one place that crosses to and from JSON text.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any


class MalformedJson(ValueError):
    """The text is not the strict JSON this API accepts."""


def _reject_constant(name: str) -> Any:
    raise MalformedJson(f"{name} is not a JSON number")


def _object_without_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # A duplicated key silently keeps the last value in json.loads: an ambiguous request, so refuse it.
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise MalformedJson(f"duplicate key {key!r}")
        result[key] = value
    return result


def loads(text: str | bytes) -> Any:
    """Parse strict JSON: numbers with a fraction or exponent become Decimal, NaN/Infinity and duplicate keys fail."""
    try:
        return json.loads(
            text,
            parse_float=Decimal,
            parse_constant=_reject_constant,
            object_pairs_hook=_object_without_duplicate_keys,
        )
    except MalformedJson:
        raise
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, over-long integers, absurd nesting
        raise MalformedJson(str(exc) or type(exc).__name__) from exc


def _encode_number(value: Decimal | float) -> str:
    if isinstance(value, float):
        value = Decimal(repr(value))
    if not value.is_finite():
        raise ValueError(f"{value} cannot be written as a JSON number")
    return format(value, "f")  # plain notation: "312.4", never "3.124E+2"


def _encode(value: Any, parts: list[str]) -> None:
    if value is None or isinstance(value, (bool, str)):
        parts.append(json.dumps(value, ensure_ascii=False))
    elif isinstance(value, int):
        parts.append(str(int(value)))
    elif isinstance(value, (Decimal, float)):
        parts.append(_encode_number(value))
    elif isinstance(value, Mapping):
        parts.append("{")
        for index, (key, item) in enumerate(value.items()):
            if index:
                parts.append(",")
            parts.append(json.dumps(str(key), ensure_ascii=False))
            parts.append(":")
            _encode(item, parts)
        parts.append("}")
    elif isinstance(value, (list, tuple)):
        parts.append("[")
        for index, item in enumerate(value):
            if index:
                parts.append(",")
            _encode(item, parts)
        parts.append("]")
    else:
        raise TypeError(f"{type(value).__name__} is not JSON serializable")


def dumps(value: Any) -> str:
    """Compact JSON text with Decimals as exact numbers; key order is the mapping's order (stable output)."""
    parts: list[str] = []
    _encode(value, parts)
    return "".join(parts)
