"""Small queries over a recorded stack, so tests read like the requirement they check."""

from __future__ import annotations

import json
from typing import Any

from fraudctl.program.model import ProgramRun, RecordedResource


def one(run: ProgramRun, type_token: str, name: str) -> RecordedResource:
    matches = [r for r in run.by_type(type_token) if r.name == name]
    assert len(matches) == 1, (
        f"expected one {type_token} named {name}, found {[r.name for r in run.by_type(type_token)]}"
    )
    return matches[0]


def children_of(run: ProgramRun, parent: RecordedResource) -> list[RecordedResource]:
    return [r for r in run.resources if r.parent == parent.urn]


def policy_statements(resource: RecordedResource, key: str = "policy") -> list[dict[str, Any]]:
    document = json.loads(resource.inputs[key])
    statements = document["Statement"]
    return statements if isinstance(statements, list) else [statements]


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def role_statements(run: ProgramRun, role_name: str) -> list[dict[str, Any]]:
    """Every statement of every inline policy attached to the role (its RolePolicies may live in other components)."""
    role = next(r for r in run.by_type("aws:iam/role:Role") if r.outputs["name"] == role_name)
    policies = [
        p for p in run.by_type("aws:iam/rolePolicy:RolePolicy") if p.inputs["role"] in (role.id, role.outputs["name"])
    ]
    return [statement for policy in policies for statement in policy_statements(policy)]


def granted(statements: list[dict[str, Any]]) -> set[tuple[str, str]]:
    """(action, resource) pairs an Allow-only policy grants."""
    return {
        (action, resource)
        for statement in statements
        if statement["Effect"] == "Allow"
        for action in as_list(statement["Action"])
        for resource in as_list(statement["Resource"])
    }
