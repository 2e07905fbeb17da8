"""The review model as JSON: the same data the reports show, for other tools (stable keys, sorted, no raw values)."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from .model import ReviewModel


def to_data(model: ReviewModel) -> dict[str, Any]:
    data = _camel(dataclasses.asdict(model))
    # Pairs kept as tuples for immutability read better as objects in JSON.
    for item in data["inventory"]:
        item["tags"] = dict(item["tags"])
    for policy in data["policies"]:
        policy["config"] = {key: json.loads(value) for key, value in policy["config"]}
    return data


def render_json(model: ReviewModel) -> str:
    return json.dumps(to_data(model), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _camel(value: Any) -> Any:
    # camelCase keys, like the engine's own JSON (event log, stack export) that the same readers consume.
    if isinstance(value, dict):
        return {_camel_key(key): _camel(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_camel(item) for item in value]
    return value


def _camel_key(key: str) -> str:
    head, *rest = key.split("_")
    return head + "".join(part.capitalize() for part in rest)
