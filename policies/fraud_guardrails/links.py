"""Finding which resource another one points at, in a stack policy.

A reference is recognised two ways. First by the engine's property dependencies: `bucket=reports.bucket` makes the
configuration's `bucket` property depend on the bucket's URN, which holds in preview even when the value (an id or
an ARN) is still unknown. Then by value, for references written as literals: the property equals one of the
target's identifying outputs (name, id, ARN).

What a stack policy reads are OUTPUTS, and in a preview an unknown output is ambiguous: the program may have set it
from another resource's output (configured, known at deploy time), or not set it at all and left it to the provider
(not configured). `configured` tells the two apart by the property dependencies the engine sends with every value the
program set from an output.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from pulumi_policy import PolicyResource

from fraud_guardrails.props import UNKNOWN, items, peek


def of_type(resources: Iterable[PolicyResource], types: str | Sequence[str]) -> list[PolicyResource]:
    wanted = (types,) if isinstance(types, str) else tuple(types)
    return [resource for resource in resources if resource.resource_type in wanted]


def dependency_urns(source: PolicyResource, key: str) -> set[str]:
    """URNs the top-level property `key` of `source` was computed from."""
    return {dependency.urn for dependency in (source.property_dependencies or {}).get(key, []) or []}


def set_from_output(source: PolicyResource, key: str) -> bool:
    """Whether the program set the top-level property `key` of `source` from another resource's output."""
    return bool(dependency_urns(source, key))


def as_configured(value: Any, source: PolicyResource, key: str) -> Any:
    """`value`, read somewhere under `source`'s top-level property `key`, as the program configured it: an unknown
    the program set (the property depends on another resource) stays UNKNOWN; an unknown without a dependency is
    the provider's to compute, which the program did not configure: None."""
    if value is UNKNOWN and not set_from_output(source, key):
        return None
    return value


def configured(source: PolicyResource, path: str) -> Any:
    """The value at `path` (dotted) of `source`'s outputs as the program configured it, for a stack policy.

    During a preview the engine sends every output property of a resource still to be created, and those the program
    did not set and the provider computes (a bucket's legacy inline `logging`, a stage's `webAclArn`, an ACL's
    `subnetIds`) arrive as unknowns; so does a value the program set from another resource's output, unknown until
    that resource exists. Only the second is configuration, and only the second has a property dependency (the SDK
    records one for every input built from an output, and the engine passes them to AnalyzeStack). So: UNKNOWN when
    set from an output (configured; its value comes at deploy time), None when not set.
    """
    return as_configured(peek(source.props, path), source, path.split(".")[0])


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
    """A required reference (a configuration's `bucket`, an association's `resourceArn`) is unknown and no dependency
    says where it points: a stack check cannot decide. The engine sends a dependency with every value set from an
    output, so this guards requests built otherwise. Not for optional references: there an unknown without a
    dependency is a property the program did not set (`configured`), which points nowhere."""
    return peek(source.props, path) is UNKNOWN and not dependency_urns(source, path.split(".")[0])
