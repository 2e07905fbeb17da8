"""Reading properties as the engine hands them over: camelCase keys, read-only proxies, unknowns during preview.

The SDK wraps properties in Mapping/Sequence proxies (not dict/list) that raise UnknownValueError when a value is
unknown; the SDK turns that into an advisory "can't run policy during preview" diagnostic. `get` keeps that
behaviour (and also recognises raw sentinels, so plain dicts behave the same). Stack policies, which look at many
resources at once, use `peek` instead: an unknown value becomes UNKNOWN and the policy decides what it means, so
one unknown ARN does not silence the whole stack check.

What UNKNOWN means differs by side. Analyze gets a resource's inputs: an unknown there was set by the program from
another resource's output. AnalyzeStack gets OUTPUTS, where a preview also shows as unknown every output property the
program did not set and the provider computes; `links.configured` tells the two apart by property dependencies.
A value that decides a verdict and is not known yet is never taken for compliant: a resource policy lets `get` raise
(the SDK's "can't run during preview" note) after judging what it knows, a stack policy yields `Undecided`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from pulumi_policy.proxy import (
    UNKNOWN_ARCHIVE_VALUE,
    UNKNOWN_ARRAY_VALUE,
    UNKNOWN_ASSET_VALUE,
    UNKNOWN_BOOLEAN_VALUE,
    UNKNOWN_NUMBER_VALUE,
    UNKNOWN_OBJECT_VALUE,
    UNKNOWN_STRING_VALUE,
    UnknownValueError,
)

_SENTINELS = frozenset(
    {
        UNKNOWN_ARCHIVE_VALUE,
        UNKNOWN_ARRAY_VALUE,
        UNKNOWN_ASSET_VALUE,
        UNKNOWN_BOOLEAN_VALUE,
        UNKNOWN_NUMBER_VALUE,
        UNKNOWN_OBJECT_VALUE,
        UNKNOWN_STRING_VALUE,
    }
)


class _Unknown:
    """A value that is not known until the update runs."""

    def __repr__(self) -> str:
        return "<unknown>"


UNKNOWN: Any = _Unknown()


def is_unknown(value: Any) -> bool:
    return value is UNKNOWN or (isinstance(value, str) and value in _SENTINELS)


def _step(container: Any, key: str | int, walked: list[str]) -> Any:
    if isinstance(key, int) and isinstance(container, Mapping):
        key = str(key)  # a map key that happens to be digits
    if isinstance(key, int):
        if not isinstance(container, Sequence) or isinstance(container, str) or key >= len(container):
            return None
    elif not isinstance(container, Mapping):
        return None
    try:
        value = container[key]
    except (KeyError, IndexError, TypeError):
        return None
    walked.append(str(key))
    if is_unknown(value):
        raise UnknownValueError(value if isinstance(value, str) else UNKNOWN_OBJECT_VALUE, list(walked))
    return value


def get(props: Any, path: str, default: Any = None) -> Any:
    """The value at a dotted path (`vpcConfig.subnetIds`, `rules.0.status`), or `default` when absent or None.

    Raises UnknownValueError for an unknown value, like the SDK's own proxies.
    """
    value, walked = props, []
    for part in path.split("."):
        if value is None:
            return default
        value = _step(value, int(part) if part.isdigit() else part, walked)
    return default if value is None else value


def peek(props: Any, path: str, default: Any = None) -> Any:
    """Like `get`, but an unknown value comes back as UNKNOWN instead of raising."""
    try:
        return get(props, path, default)
    except UnknownValueError:
        return UNKNOWN


def items(value: Any) -> Iterator[Any]:
    """The elements of a list property (a lone value counts as one element); unknown elements are skipped.

    Use where an unknown element cannot make a compliant resource fail (e.g. scanning statements for a bad one).
    """
    if value is None or is_unknown(value):
        return
    if isinstance(value, str) or not isinstance(value, Sequence):
        yield value
        return
    for index in range(len(value)):
        try:
            element = value[index]
        except UnknownValueError:
            continue
        if not is_unknown(element):
            yield element


def entries(value: Any) -> Iterator[tuple[str, Any]]:
    """(key, value) pairs of a map property (tags, environment variables); an unknown value comes back as UNKNOWN.

    Keys are taken as they are: a tag key may contain dots, which `get` would read as a path.
    """
    if not isinstance(value, Mapping):
        return
    for key in value:
        try:
            element = value[key]
        except UnknownValueError:
            element = UNKNOWN
        yield str(key), UNKNOWN if is_unknown(element) else element


def length(value: Any) -> int | None:
    """How many elements a list property has (a lone value counts as one); None when the list itself is unknown."""
    if value is None:
        return 0
    if is_unknown(value):
        return None
    if isinstance(value, str) or not isinstance(value, Sequence):
        return 1
    return len(value)


def strings(value: Any) -> list[str]:
    """A string-or-list-of-strings property as a list of strings (IAM's Action, Resource and Principal style)."""
    return [element for element in items(value) if isinstance(element, str)]


def mapping(value: Any) -> Mapping[str, Any] | None:
    """A nested object, also when it arrives JSON-encoded (provider inputs are sent as strings by older SDKs)."""
    if isinstance(value, Mapping):
        return value
    if isinstance(value, str) and value.strip().startswith("{"):
        try:
            decoded = json.loads(value)
        except ValueError:
            return None
        return decoded if isinstance(decoded, Mapping) else None
    return None


def truthy(value: Any) -> bool:
    """True for True and for "true" (provider inputs and some engine paths carry booleans as strings)."""
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def falsy(value: Any) -> bool:
    """Explicitly false (False or "false"); None is neither truthy nor falsy."""
    return value is False or (isinstance(value, str) and value.strip().lower() == "false")


def number(value: Any) -> float | None:
    """A number property (the engine sends every number as a float); None when absent or not a number."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def describe(value: Any) -> str:
    """A short rendering of a value for a violation message."""
    if value is None:
        return "not set"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value) if isinstance(value, str) else str(value)
