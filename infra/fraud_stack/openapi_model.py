"""API Gateway's request model, derived from the project's OpenAPI description so the two cannot drift."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

OPENAPI_FILE = Path(__file__).resolve().parents[2] / "openapi.yaml"
DRAFT_04 = "http://json-schema.org/draft-04/schema#"  # the dialect API Gateway models use


def request_model_schema(schema_name: str = "TransactionRequest") -> str:
    """The envelope of the named OpenAPI schema as a JSON Schema draft-04 document: its type, its required and
    allowed properties; the values' own rules stay with the function.

    Why not the whole schema: API Gateway answers a failed model check with one validationErrorString that does not
    say which field failed ("[instance type (string) does not match ...]"), while the API promises a 400 listing each
    problem with its field. Missing and unknown properties are named in API Gateway's message, so those are checked at
    the edge (no Lambda invocation for them); types, patterns and enums are checked by the function, field by field.
    """
    resolved = full_schema(schema_name)
    envelope = {
        "$schema": DRAFT_04,
        "title": schema_name,
        "type": resolved["type"],
        "required": resolved.get("required", []),
        "additionalProperties": resolved.get("additionalProperties", True),
        "properties": {name: {} for name in resolved.get("properties", {})},
    }
    return json.dumps(envelope, sort_keys=True)


def full_schema(schema_name: str = "TransactionRequest") -> dict[str, Any]:
    """The named schema with local $refs inlined (what clients and fuzzers validate against)."""
    document = yaml.safe_load(OPENAPI_FILE.read_text(encoding="utf-8"))
    schemas = document["components"]["schemas"]
    return _inline(schemas[schema_name], schemas)


def _inline(node: Any, schemas: dict[str, Any]) -> Any:
    # API Gateway resolves $ref only to other models by URL; inlining keeps the model standalone.
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            return _inline(schemas[ref.rsplit("/", 1)[1]], schemas)
        return {key: _inline(value, schemas) for key, value in node.items() if key != "description"}
    if isinstance(node, list):
        return [_inline(item, schemas) for item in node]
    return node
