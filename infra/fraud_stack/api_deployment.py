"""When the REST API needs a new deployment: a fingerprint over every part whose change AWS only serves after one.

A stage serves the snapshot its deployment took. AWS's "Updates to REST APIs that require redeployment" lists
resources, methods, integrations, models, request validators and gateway responses: a change to one of them that is
not in the Deployment's trigger hash, or a part created after the snapshot, is silently not served.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, TypeVar

import pulumi

APIGW = "aws:apigateway"
# The resource types whose changes need a redeployment (tests/infra/test_api.py checks every one is covered).
SERVED_TYPES = (
    f"{APIGW}/resource:Resource",
    f"{APIGW}/method:Method",
    f"{APIGW}/integration:Integration",
    f"{APIGW}/model:Model",
    f"{APIGW}/requestValidator:RequestValidator",
    f"{APIGW}/response:Response",
)
R = TypeVar("R", bound=pulumi.CustomResource)


def fingerprint(parts: dict[str, dict[str, Any]]) -> str:
    """sha256 of {logical name: {input (wire name): value}}, independent of key order, of unset (None) inputs and of
    the int/float spelling of numbers (the engine hands numbers back as floats)."""
    return hashlib.sha256(json.dumps(_canonical(parts), sort_keys=True).encode()).hexdigest()


class ServedParts:
    """The parts a deployment snapshots, each with every input it was declared with, so the trigger hashes exactly
    what was declared: nothing can change without a new deployment."""

    def __init__(self) -> None:
        self._inputs: dict[str, dict[str, Any]] = {}
        self.resources: list[pulumi.CustomResource] = []

    def add(self, resource: R, inputs: dict[str, Any]) -> R:
        """Track a part declared as `Kind(logical, opts=..., **inputs)`: pass the same `inputs`.

        The caller constructs the resource itself, on purpose: the security review points each resource at the
        program line that constructed it, which must be the subsystem's own (api.py), not a helper's here."""
        logical = resource._name  # the logical name given to the constructor (the SDK keeps it there)
        self._inputs[logical] = {_camel(key): value for key, value in inputs.items() if value is not None}
        self.resources.append(resource)
        return resource

    def trigger(self) -> pulumi.Output[str]:
        snapshots = {logical: pulumi.Output.all(**inputs) for logical, inputs in self._inputs.items()}
        return pulumi.Output.all(**snapshots).apply(fingerprint)


def _canonical(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _canonical(item) for key, item in value.items() if item is not None}
    if isinstance(value, list | tuple):
        return [_canonical(item) for item in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _camel(snake: str) -> str:
    head, *rest = snake.split("_")
    return head + "".join(word.capitalize() for word in rest)
