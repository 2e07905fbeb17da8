"""How one resource refers to another: through the engine's property dependencies, else by value.

Property dependencies hold even when the referenced id or ARN is unknown (a first preview); a stack export from an
older CLI may lack them, so a property whose value equals another resource's id, ARN or name links as well.
"""

from __future__ import annotations

from collections.abc import Iterable

from .state import StackResource, StackState

IDENTITY_KEYS = ("arn", "name", "bucket", "keyId", "url")


class StackGraph:
    def __init__(self, state: StackState) -> None:
        self.state = state
        self._by_urn = {r.urn: r for r in state.resources}
        self._by_identity: dict[str, list[StackResource]] = {}
        for resource in state.resources:
            for identity in identities(resource):
                self._by_identity.setdefault(identity, []).append(resource)

    def get(self, urn: str) -> StackResource | None:
        return self._by_urn.get(urn)

    def referenced(self, resource: StackResource, prop: str, *types: str) -> list[StackResource]:
        """The resources ``resource.<prop>`` refers to (optionally only of ``types``), in stack order."""
        found = [self._by_urn[u] for u in resource.property_dependencies.get(prop, ()) if u in self._by_urn]
        if not found:
            for value in _strings(resource.get(prop)):
                found.extend(self._by_identity.get(value, []))
        unique = {r.urn: r for r in found if not types or r.type in types}
        return [r for r in self.state.resources if r.urn in unique]

    def referrers(self, target: StackResource, types: Iterable[str], prop: str) -> list[StackResource]:
        """The resources of ``types`` whose ``prop`` refers to ``target``."""
        wanted = set(types)
        return [r for r in self.state.resources if r.type in wanted and target in self.referenced(r, prop)]

    def component_of(self, resource: StackResource) -> str:
        """The logical name of the nearest enclosing component ("" at the top level)."""
        parent = self._by_urn.get(resource.parent)
        while parent is not None and (parent.custom or parent.type == "pulumi:pulumi:Stack"):
            if parent.type == "pulumi:pulumi:Stack":
                return ""
            parent = self._by_urn.get(parent.parent)
        return parent.name if parent else ""


def identities(resource: StackResource) -> set[str]:
    found = {resource.id} if resource.id else set()
    for key in IDENTITY_KEYS:
        value = resource.get(key)
        if isinstance(value, str) and value:
            found.add(value)
    return found


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []
