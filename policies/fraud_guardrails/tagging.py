"""Tags: Environment, CostCenter and ManagedBy on every resource whose type takes tags.

Which types take tags is derived from pulumi-aws (scripts/gen_taggable_types.py writes ../taggable_types.json),
not guessed. A resource's tags count when set on the resource itself or as its provider's default tags, which
pulumi-aws merges into tagsAll for every type that has it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from pulumi_policy import ResourceValidationArgs, Severity

from fraud_guardrails import types as T
from fraud_guardrails.metadata import MANDATORY, resource_rule, string_list
from fraud_guardrails.props import UNKNOWN, entries, get, mapping, peek

TAGGABLE_TYPES_FILE = Path(__file__).resolve().parent.parent / "taggable_types.json"


@cache
def taggable_types() -> tuple[frozenset[str], frozenset[str]]:
    """(types that take tags, those among them that ignore the provider's default tags). Fails if the file is gone."""
    document = json.loads(TAGGABLE_TYPES_FILE.read_text(encoding="utf-8"))
    return frozenset(document["types"]), frozenset(document["withoutDefaultTags"])


def _tag_keys(value: Any) -> set[str]:
    """Keys with a value (an unknown value will have one)."""
    return {key for key, tag in entries(mapping(value)) if tag is UNKNOWN or (isinstance(tag, str) and tag.strip())}


def provider_default_tags(args: ResourceValidationArgs) -> set[str]:
    if args.provider is None or args.provider.resource_type != T.AWS_PROVIDER:
        return set()
    default_tags = mapping(peek(args.provider.props, "defaultTags")) or {}
    return _tag_keys(peek(default_tags, "tags"))


@resource_rule(
    name="aws-tagging-resource-required-tags",
    description="Every AWS resource that takes tags carries Environment, CostCenter and ManagedBy.",
    severity=Severity.MEDIUM,
    enforcement=MANDATORY,
    remediation="Set default_tags=aws.ProviderDefaultTagsArgs(tags={...}) on the stack's aws.Provider and pass the "
    "provider to every resource (or set tags on the resource).",
    types=None,
    spec=True,
    config={"requiredTags": string_list(["Environment", "CostCenter", "ManagedBy"], "Tag keys every resource needs.")},
)
def required_tags(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> Iterator[str]:
    taggable, without_default_tags = taggable_types()
    if args.resource_type not in taggable:
        return
    present = set() if args.resource_type in without_default_tags else provider_default_tags(args)
    if not set(cfg["requiredTags"]) <= present:
        present |= _tag_keys(get(args.props, "tags")) | _tag_keys(peek(args.props, "tagsAll"))
    missing = [tag for tag in cfg["requiredTags"] if tag not in present]
    if missing:
        yield f"missing tag(s) {', '.join(missing)} (neither on the resource nor in its provider's default tags)"


POLICIES = [required_tags]
