"""The resource inventory with effective tags: the provider's default tags overlaid by the resource's own."""

from __future__ import annotations

from typing import Any

from .links import StackGraph
from .model_sections import InventoryItem
from .sources import SourceIndex
from .state import StackResource, json_value


def default_tags(provider: StackResource | None) -> dict[str, str]:
    """``defaultTags.tags`` of a provider; engines hand provider inputs over as JSON text or as objects."""
    if provider is None:
        return {}
    value = json_value(provider.inputs.get("defaultTags"))
    tags = value.get("tags") if isinstance(value, dict) else None
    return _strings(json_value(tags))


def effective_tags(graph: StackGraph, resource: StackResource) -> dict[str, str]:
    # AWS semantics of default_tags: a resource tag with the same key wins over the provider's.
    merged = {**default_tags(graph.get(resource.provider_urn)), **_strings(resource.inputs.get("tags"))}
    return dict(sorted(merged.items()))


def inventory(
    graph: StackGraph, sources: SourceIndex, taggable: frozenset[str], required: tuple[str, ...]
) -> tuple[InventoryItem, ...]:
    items = []
    for resource in graph.state:
        if resource.type == "pulumi:pulumi:Stack":
            continue
        takes_tags = resource.type in taggable
        tags = effective_tags(graph, resource) if takes_tags else {}
        items.append(
            InventoryItem(
                component=graph.component_of(resource),
                type=resource.type,
                name=resource.name,
                physical_id=resource.id if resource.custom else "(component)",
                tags=tuple(tags.items()),
                taggable=takes_tags,
                missing_tags=tuple(key for key in required if takes_tags and key not in tags),
                location=sources.locate(resource.type, resource.name),
            )
        )
    return tuple(sorted(items, key=lambda i: (i.component, i.type, i.name)))


def _strings(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    return {str(k): str(v) for k, v in value.items() if v is not None}
