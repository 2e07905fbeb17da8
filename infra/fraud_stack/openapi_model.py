"""API Gateway's request model, derived from the project's OpenAPI description so the two cannot drift."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

OPENAPI_FILE = Path(__file__).resolve().parents[2] / "openapi.yaml"
DRAFT_04 = "http://json-schema.org/draft-04/schema#"  # the dialect API Gateway models use


def request_model_schema(schema_name: str = "TransactionRequest") -> str:
    """The named OpenAPI schema as a self-contained JSON Schema draft-04 document (local $refs inlined)."""
    document = yaml.safe_load(OPENAPI_FILE.read_text(encoding="utf-8"))
    schemas = document["components"]["schemas"]
    resolved = _inline(schemas[schema_name], schemas)
    return json.dumps({"$schema": DRAFT_04, "title": schema_name, **resolved}, sort_keys=True)


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
