"""The slice of API Gateway's Velocity templates that gateway responses and access log formats use.

A reference is `$context.<path>` (also `${context.<path>}`, `$!context.<path>`) or `$util.escapeJavaScript(<ref>)`,
optionally followed by Java string methods: `.replaceAll("regex","replacement")`, `.replace("a","b")`,
`.toLowerCase()`, `.toUpperCase()`, `.trim()`. That covers AWS's documented gateway response examples; anything
else in a template is copied as is, which is what Velocity does with text it does not recognise.
"""

from __future__ import annotations

import re
from typing import Any

_PATH = r"((?:\.[A-Za-z0-9_]+(?![A-Za-z0-9_(]))+)"  # a segment followed by "(" is a method call, not a key
_VARIABLE = r"(?:\$!?\{context" + _PATH + r"\}|\$!?context" + _PATH + ")"
_REFERENCE = re.compile(r"\$util\.escapeJavaScript\(\s*" + _VARIABLE + r"\s*\)|" + _VARIABLE)
_STRING = r'"([^"]*)"'  # Velocity string literals: no backslash escapes
_CALL = re.compile(
    r"\.(replaceAll|replace)\(\s*" + _STRING + r"\s*,\s*" + _STRING + r"\s*\)|\.(toLowerCase|toUpperCase|trim)\(\)"
)
_JAVASCRIPT_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "'": "\\'",
    "/": "\\/",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
}


def render(template: str, context: dict[str, Any]) -> str:
    """Unknown variables render empty, as API Gateway renders a context variable it has no value for."""
    out, position = [], 0
    for match in _REFERENCE.finditer(template):
        if match.start() < position:
            continue  # inside a method call consumed below
        out.append(template[position : match.start()])
        escaped_path, *plain_paths = match.group(1) or match.group(2), match.group(3), match.group(4)
        if match.group(0).startswith("$util"):
            value = escape_javascript(_lookup(context, escaped_path))
        else:
            value = _lookup(context, next(p for p in plain_paths if p))
        position = match.end()
        while call := _CALL.match(template, position):
            value = _apply(call, value)
            position = call.end()
        out.append(value)
    out.append(template[position:])
    return "".join(out)


def escape_javascript(text: str) -> str:
    """Like Java's StringEscapeUtils.escapeJavaScript, which API Gateway uses: note that ' becomes \\' (not JSON)."""
    out = []
    for char in text:
        if char in _JAVASCRIPT_ESCAPES:
            out.append(_JAVASCRIPT_ESCAPES[char])
        elif ord(char) < 32 or ord(char) > 126:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return "".join(out)


def _apply(call: re.Match[str], value: str) -> str:
    method = call.group(1) or call.group(4)
    if method == "replaceAll":  # Java regex and replacement: $1 -> \g<1>, \x -> x
        replacement = re.sub(r"\\(.)|\$(\d+)", lambda m: m.group(1) or f"\\g<{m.group(2)}>", call.group(3))
        return re.sub(call.group(2), replacement.replace("\\", "\\\\").replace("\\\\g<", "\\g<"), value)
    if method == "replace":
        return value.replace(call.group(2), call.group(3))
    return {"toLowerCase": str.lower, "toUpperCase": str.upper, "trim": str.strip}[method](value)


def _lookup(context: dict[str, Any], dotted: str) -> str:
    value: Any = context
    for key in dotted.strip(".").split("."):
        value = value.get(key) if isinstance(value, dict) else None
    return "" if value is None or isinstance(value, dict) else str(value)
