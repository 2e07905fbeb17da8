"""Finding which resource another one points at, in a stack policy.

A reference is recognised two ways. First by the engine's property dependencies: `bucket=reports.bucket` makes the
configuration's `bucket` property depend on the bucket's URN, which holds in preview even when the value (an id or
an ARN) is still unknown. Then by value, for references written as literals: the property equals one of the
target's identifying outputs (name, id, ARN).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pulumi_policy import PolicyResource

from fraud_guardrails.props import UNKNOWN, items, peek


def of_type(resources: Iterable[PolicyResource], types: str | Sequence[str]) -> list[PolicyResource]:
    wanted = (types,) if isinstance(types, str) else tuple(types)
    return [resource for resource in resources if resource.resource_type in wanted]


def dependency_urns(source: PolicyResource, key: str) -> set[str]:
    """URNs the top-level property `key` of `source` was computed from."""
    return {dependency.urn for dependency in (source.property_dependencies or {}).get(key, []) or []}


def _values(source: PolicyResource, path: str) -> set[str]:
    value = peek(source.props, path)
    if value is None or value is UNKNOWN:
        return set()
    return {element for element in items(value) if isinstance(element, str) and element}


def refers_to(source: PolicyResource, path: str, target: PolicyResource, target_keys: Sequence[str]) -> bool:
    """Whether `source`'s property at `path` references `target` (by dependency or by one of `target_keys`)."""
    if target.urn in dependency_urns(source, path.split(".")[0]):
        return True
    values = _values(source, path)
    if not values:
        return False
    return any(isinstance(value, str) and value in values for value in (peek(target.props, k) for k in target_keys))


def referrers(
    target: PolicyResource, candidates: Iterable[PolicyResource], path: str, target_keys: Sequence[str]
) -> list[PolicyResource]:
    """The candidates whose property at `path` references `target`."""
    return [candidate for candidate in candidates if refers_to(candidate, path, target, target_keys)]


def referenced(
    source: PolicyResource, candidates: Iterable[PolicyResource], path: str, target_keys: Sequence[str]
) -> list[PolicyResource]:
    """The candidates that `source`'s property at `path` references."""
    return [candidate for candidate in candidates if refers_to(source, path, candidate, target_keys)]


def is_unresolved(source: PolicyResource, path: str) -> bool:
    """The reference is unknown (preview) and no dependency says where it points: a stack check cannot decide."""
    return peek(source.props, path) is UNKNOWN and not dependency_urns(source, path.split(".")[0])
