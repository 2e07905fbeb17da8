"""The stack as the review sees it, whichever source it came from: resources with their properties and graph.

The offline preview (a ``ProgramRun``) and a ``pulumi stack export`` file both map into ``StackState``, so every
section of the review is computed one way only.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from fraudctl.program.model import ProgramRun

STACK_TYPE = "pulumi:pulumi:Stack"


def urn_parts(urn: str) -> tuple[str, str, str, str]:
    """(stack, project, qualified type, name) of ``urn:pulumi:<stack>::<project>::<type>::<name>``."""
    parts = urn.split("::", 3)
    if len(parts) != 4 or not parts[0].startswith("urn:pulumi:"):
        return "", "", "", ""
    return parts[0].removeprefix("urn:pulumi:"), parts[1], parts[2], parts[3]


@dataclass(frozen=True)
class StackResource:
    urn: str
    type: str
    name: str
    custom: bool
    id: str
    inputs: dict[str, Any]
    outputs: dict[str, Any]
    parent: str = ""
    provider: str = ""  # "<provider urn>::<provider id>"
    dependencies: tuple[str, ...] = ()
    property_dependencies: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def props(self) -> dict[str, Any]:
        # Outputs win: after a deployment they hold what AWS applied (defaults, tagsAll); in preview they echo inputs.
        return {**self.inputs, **{k: v for k, v in self.outputs.items() if v is not None}}

    def get(self, path: str, default: Any = None) -> Any:
        """A nested property by dotted path; list items by index (``rules.0.status``)."""
        value: Any = self.props
        for part in path.split("."):
            if isinstance(value, list) and part.isdigit() and int(part) < len(value):
                value = value[int(part)]
            elif isinstance(value, dict) and part in value:
                value = value[part]
            else:
                return default
        return default if value is None else value

    @property
    def provider_urn(self) -> str:
        return self.provider.rsplit("::", 1)[0] if self.provider else ""

    @property
    def is_provider(self) -> bool:
        return self.type.startswith("pulumi:providers:")

    @property
    def is_aws(self) -> bool:
        return self.type.startswith("aws:")

    @property
    def physical_name(self) -> str:
        for key in ("name", "bucket", "stageName"):
            value = self.get(key)
            if isinstance(value, str) and value:
                return value
        return self.id


@dataclass(frozen=True)
class StackState:
    """The resources in a fixed order (type, name): the program registers them in whatever order its outputs resolve,
    and the reports must not change with it."""

    project: str
    stack: str
    resources: tuple[StackResource, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "resources", tuple(sorted(self.resources, key=lambda r: (r.type, r.name, r.urn))))

    def __iter__(self) -> Iterator[StackResource]:
        return iter(self.resources)

    @property
    def stack_urn(self) -> str:
        return f"urn:pulumi:{self.stack}::{self.project}::{STACK_TYPE}::{self.project}-{self.stack}"

    def of_type(self, *types: str) -> list[StackResource]:
        return [r for r in self.resources if r.type in types]

    def find(self, urn: str) -> StackResource | None:
        return next((r for r in self.resources if r.urn == urn), None)


def from_program_run(run: ProgramRun) -> StackState:
    resources = tuple(
        StackResource(
            urn=r.urn,
            type=r.type,
            name=r.name,
            custom=r.custom,
            id=r.id,
            inputs=dict(r.inputs),
            outputs=dict(r.outputs),
            parent=r.parent,
            provider=r.provider,
            dependencies=tuple(r.dependencies),
            property_dependencies={k: tuple(v) for k, v in r.property_dependencies.items()},
        )
        for r in run.resources
    )
    return StackState(project=run.project, stack=run.stack, resources=resources)


def json_value(value: Any) -> Any:
    """A property that may arrive as JSON text (provider inputs, policy documents) as data; None if it is not."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return None
    return value
