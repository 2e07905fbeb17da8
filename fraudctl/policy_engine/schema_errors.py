"""JSON-schema validation with error texts in the engine's words.

The engine validates policy config with gojsonschema and prints ``err.String()`` (``<field>: <description>``) with
the ``(root): `` prefix trimmed (pkg/resource/analyzer/config.go ``validatePolicyConfig``). pulumi-policy's integration
tests pin the exact texts (``foo is required``, ``foo: Invalid type. Expected: string, given: integer``,
``foo: foo must be one of the following: "bar", "baz"``, ...). We validate with the ``jsonschema`` package and
rewrite its errors into gojsonschema's default-locale messages; unmapped validators keep jsonschema's own message.
"""

from __future__ import annotations

import ast
import json
import re
from typing import Any

from jsonschema import Draft7Validator
from jsonschema.exceptions import ValidationError

_REQUIRED = re.compile(r"^(.*) is a required property$")


def validation_errors(schema: dict[str, Any], document: dict[str, Any]) -> list[str]:
    """All violations of ``schema`` by ``document`` as engine-style strings (unsorted, like gojsonschema's)."""
    validator = Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)
    messages = []
    for error in validator.iter_errors(document):
        field = ".".join(str(p) for p in error.absolute_path) or "(root)"
        text = f"{field}: {_describe(error, field)}"
        messages.append(text.removeprefix("(root): "))
    return messages


def _describe(error: ValidationError, field: str) -> str:
    kind, value, instance = error.validator, error.validator_value, error.instance
    name = field.rsplit(".", 1)[-1]
    if kind == "required":
        match = _REQUIRED.match(error.message)
        prop = ast.literal_eval(match.group(1)) if match else error.message
        return f"{prop} is required"
    if kind == "type":
        expected = ", ".join(value) if isinstance(value, list) else value
        return f"Invalid type. Expected: {expected}, given: {_json_type(instance)}"
    if kind == "enum":
        return f"{name} must be one of the following: {', '.join(_json(v) for v in value)}"
    if kind == "const":
        return f"{name} does not match: {_json(value)}"
    simple = {
        "minLength": f"String length must be greater than or equal to {value}",
        "maxLength": f"String length must be less than or equal to {value}",
        "pattern": f"Does not match pattern '{value}'",
        "format": f"Does not match format '{value}'",
        "minimum": f"Must be greater than or equal to {_json(value)}",
        "exclusiveMinimum": f"Must be greater than {_json(value)}",
        "maximum": f"Must be less than or equal to {_json(value)}",
        "exclusiveMaximum": f"Must be less than {_json(value)}",
        "multipleOf": f"Must be a multiple of {_json(value)}",
        "minItems": f"Array must have at least {value} items",
        "maxItems": f"Array must have at most {value} items",
        "minProperties": f"Must have at least {value} properties",
        "maxProperties": f"Must have at most {value} properties",
        "anyOf": "Must validate at least one schema (anyOf)",
        "oneOf": "Must validate one and only one schema (oneOf)",
        "allOf": "Must validate all the schemas (allOf)",
        "not": "Must not validate the schema (not)",
    }
    if kind in simple:
        return simple[kind]
    if kind == "additionalProperties" and isinstance(instance, dict):
        extra = sorted(set(instance) - set(error.schema.get("properties", {})))
        return f"Additional property {', '.join(extra)} is not allowed"
    return error.message


def _json_type(value: Any) -> str:
    # gojsonschema reports whole numbers as "integer" (config JSON numbers are float64 in Go).
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _json(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return json.dumps(value, separators=(",", ":"))
