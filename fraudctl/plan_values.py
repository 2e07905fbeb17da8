"""Property values printed the way the CLI prints them in a plan (pkg/display ``PrintObject``/``printPropertyValue``):
strings quoted, numbers as Go's ``%v`` prints a float64 (``3``, not ``3.0``), unknowns as ``output<string>``,
secrets as ``[secret]``, lists as ``[0]: ...`` rows and objects as ``key: value`` rows with keys padded to the longest.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pulumi

from fraudctl.program.values import SECRET_SIG, SIG_KEY, is_unknown

UNKNOWN_TEXT = "output<string>"
SECRET_TEXT = "[secret]"  # noqa: S105 - what the CLI prints in place of a secret
_INDENT = "    "


def format_number(value: float | int) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


def format_value(value: Any, indent: str = "") -> str:
    """One property value; nested lists and objects continue on indented lines."""
    if is_unknown(value):
        return UNKNOWN_TEXT
    if isinstance(value, Mapping) and value.get(SIG_KEY) == SECRET_SIG:
        return SECRET_TEXT
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return format_number(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if value is None:
        return "null"
    if isinstance(value, pulumi.Asset | pulumi.Archive):
        return type(value).__name__
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        rows = [f"{indent}{_INDENT}[{i}]: {format_value(v, indent + _INDENT)}" for i, v in enumerate(value)]
        return "[\n" + "\n".join(rows) + f"\n{indent}]"
    if isinstance(value, Mapping):
        if not value:
            return "{}"
        return "{\n" + "\n".join(object_rows(value, indent + _INDENT)) + f"\n{indent}}}"
    return str(value)


def object_rows(values: Mapping[str, Any], indent: str, secret_keys: frozenset[str] = frozenset()) -> list[str]:
    """``key: value`` rows, keys sorted and padded to the longest; null values left out, as the CLI does."""
    shown = {key: value for key, value in values.items() if value is not None}
    width = max((len(key) for key in shown), default=0)
    rows = []
    for key in sorted(shown):
        text = SECRET_TEXT if key in secret_keys else format_value(shown[key], indent)
        rows.append(f"{indent}{key:<{width}}: {text}")
    return rows
