"""Lambda event filtering (FilterCriteria) for stream records: the pattern syntax Lambda shares with EventBridge.

A pattern is matched against the record in the shape Lambda delivers (so `dynamodb.NewImage.status.S`, wire format).
Supported: exact values, `null`, nested objects, and the operators prefix, suffix, equals-ignore-case, anything-but,
exists and numeric. Anything else stops local mode at start-up rather than silently matching differently.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

from fraudctl.local.errors import UnsupportedByLocalMode

_MISSING = object()
_NUMERIC: dict[str, Callable[[float, float], bool]] = {
    "=": operator.eq,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
_OPERATORS = {"prefix", "suffix", "equals-ignore-case", "anything-but", "exists", "numeric"}


def check_pattern(pattern: Any, where: str) -> None:
    """Raise UnsupportedByLocalMode for a pattern this module cannot match exactly as Lambda would."""
    if not isinstance(pattern, dict):
        raise UnsupportedByLocalMode(f"{where}: a filter pattern must be a JSON object, got {pattern!r}")
    for key, value in pattern.items():
        if isinstance(value, dict):
            check_pattern(value, f"{where}.{key}")
        elif isinstance(value, list):
            for matcher in value:
                if isinstance(matcher, dict) and (len(matcher) != 1 or next(iter(matcher)) not in _OPERATORS):
                    raise UnsupportedByLocalMode(f"{where}.{key}: filter operator {matcher!r} is not emulated")
        else:
            raise UnsupportedByLocalMode(f"{where}.{key}: a pattern value must be a list or an object")


def matches_any(patterns: tuple[dict[str, Any], ...], record: dict[str, Any]) -> bool:
    """Lambda OR-s the filters of a mapping; no filter at all lets every record through."""
    return not patterns or any(matches(pattern, record) for pattern in patterns)


def matches(pattern: dict[str, Any], document: Any) -> bool:
    for key, expected in pattern.items():
        value = document.get(key, _MISSING) if isinstance(document, dict) else _MISSING
        if isinstance(expected, dict):
            if value is _MISSING or not matches(expected, value):
                return False
        elif not any(_matches_one(matcher, value) for matcher in expected):
            return False
    return True


def _matches_one(matcher: Any, value: Any) -> bool:
    if isinstance(matcher, dict):
        ((name, argument),) = matcher.items()
        if name == "exists":
            return (value is not _MISSING) == bool(argument)
        if value is _MISSING:
            return False
        values = value if isinstance(value, list) else [value]
        return any(_operator(name, argument, item) for item in values)
    if value is _MISSING:
        return False
    # A list in the document matches if any of its elements does, as in EventBridge.
    return matcher in value if isinstance(value, list) else matcher == value


def _operator(name: str, argument: Any, value: Any) -> bool:
    if name == "prefix":
        return isinstance(value, str) and value.startswith(argument)
    if name == "suffix":
        return isinstance(value, str) and value.endswith(argument)
    if name == "equals-ignore-case":
        return isinstance(value, str) and value.lower() == str(argument).lower()
    if name == "anything-but":
        excluded = argument if isinstance(argument, list) else [argument]
        return value not in excluded
    return _numeric(argument, value)


def _numeric(conditions: list[Any], value: Any) -> bool:
    try:
        number = float(value)  # DynamoDB numbers arrive as strings ({"N": "12.5"})
    except (TypeError, ValueError):
        return False
    pairs = zip(conditions[::2], conditions[1::2], strict=False)
    return all(_NUMERIC[op](number, float(bound)) for op, bound in pairs)
