"""API Gateway's request body validation: the method's model (JSON Schema draft 4) checked before the Lambda runs.

The messages follow the wording of the validator API Gateway uses (java-json-tools), so
`$context.error.validationErrorString` reads the same locally: `[object has missing required properties
(["amount"])]`. Like API Gateway, it names the broken rule and value, not the field.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from jsonschema import Draft4Validator
from jsonschema.exceptions import ValidationError

from fraudctl.local.topology import ApiRoute

DEFAULT_CONTENT_TYPE = "application/json"  # what API Gateway assumes when the request names none


class BodyValidator:
    def __init__(self, route: ApiRoute) -> None:
        self._validators = {media.lower(): Draft4Validator(schema) for media, schema in route.body_schemas.items()}

    def errors(self, content_type: str | None, body: bytes) -> str | None:
        """None when the body passes (or no model applies), else the validation error string."""
        media = (content_type or DEFAULT_CONTENT_TYPE).split(";", 1)[0].strip().lower()
        # No model for the request's content type: API Gateway does not validate it (unless a $default model).
        validator = self._validators.get(media) or self._validators.get("$default")
        if validator is None:
            return None
        try:
            document = json.loads(body or b"{}", parse_float=Decimal, parse_constant=_reject_constant)
        except ValueError as err:
            return f"[Invalid JSON: {err}]"
        messages = _messages(validator, document)
        return "[" + ", ".join(messages) + "]" if messages else None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _messages(validator: Draft4Validator, document: Any) -> list[str]:
    errors = sorted(validator.iter_errors(document), key=lambda e: (list(e.absolute_path), str(e.validator)))
    messages, missing = [], {}
    for error in errors:
        if error.validator == "required":  # one report per object, listing every missing property
            missing.setdefault(tuple(error.absolute_path), []).append(error.message.split("'")[1])
            continue
        messages.append(_message(validator, error))
    for names in missing.values():
        messages.insert(0, f"object has missing required properties ({_json(sorted(names))})")
    return messages


def _message(validator: Draft4Validator, error: ValidationError) -> str:
    keyword, value, schema = str(error.validator), error.instance, error.schema
    if keyword == "type":
        allowed = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        return f"instance type ({_type(value)}) does not match any allowed primitive type (allowed: {_json(allowed)})"
    if keyword == "additionalProperties":
        extra = sorted(set(value) - set(schema.get("properties", {})))
        return f"object instance has properties which are not allowed by the schema: {_json(extra)}"
    if keyword == "pattern":
        return f"ECMA 262 regex {_json(schema['pattern'])} does not match input string {_json(value)}"
    if keyword in ("minimum", "maximum"):
        bound, lower = schema[keyword], keyword == "minimum"
        if schema.get("exclusiveMinimum" if lower else "exclusiveMaximum"):
            relation = "greater" if lower else "lower"
            return f"numeric instance is not strictly {relation} than the required {keyword} {_json(bound)}"
        relation = "lower than the required minimum" if lower else "greater than the required maximum"
        return f"numeric instance is {relation} ({keyword}: {_json(bound)}, found: {_json(value)})"
    if keyword in ("minLength", "maxLength"):
        short = keyword == "minLength"
        limit = f"required minimum: {schema[keyword]}" if short else f"maximum allowed: {schema[keyword]}"
        return f"string {_json(value)} is too {'short' if short else 'long'} (length: {len(value)}, {limit})"
    if keyword == "oneOf":
        matched = sum(validator.evolve(schema=option).is_valid(value) for option in schema["oneOf"])
        return f"instance failed to match exactly one schema (matched {matched} out of {len(schema['oneOf'])})"
    if keyword == "enum":
        return f"instance value ({_json(value)}) not found in enum (possible values: {_json(schema['enum'])})"
    return error.message.replace("'", '"')


def _type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, Decimal | float):  # a JSON literal with a fraction or exponent, like 5.0
        return "number"
    return {str: "string", dict: "object", list: "array", type(None): "null"}[type(value)]


def _json(value: Any) -> str:
    if isinstance(value, Decimal):
        return str(value)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
