"""A Pulumi stack as a Terraform plan JSON document (format 1.2), for Checkov and other plan readers.

Shape (Terraform's `terraform show -json` of a plan): `planned_values.root_module.resources[]` with each resource's
values, `resource_changes[]` with the change (create for a preview, no-op for a deployed stack), and `configuration`
with the provider and, per resource, the `references` of its attributes. The references are what lets a reader's
graph connect a bucket to its separate encryption, public-access-block, logging and lifecycle resources: an attribute
that holds another resource's id or ARN is written as Terraform writes it in a first plan, unknown in the values and
a reference in the configuration (`aws_s3_bucket.reports.id`). Values that only embed an ARN (policy documents) stay
in the values and get their references too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from fraudctl.export.attributes import attribute_name, terraform_value
from fraudctl.export.tf_types import TerraformTypes
from fraudctl.review.links import StackGraph
from fraudctl.review.state import StackResource, StackState

FORMAT_VERSION = "1.2"
PROVIDER = "registry.terraform.io/hashicorp/aws"
IDENTITY_PROPERTIES = ("id", "arn", "name", "bucket", "keyId", "url", "invokeArn")
_NOT_IN_NAMES = re.compile(r"[^A-Za-z0-9_-]")


@dataclass(frozen=True)
class PlanExport:
    document: dict[str, Any]
    addresses: dict[str, str]  # urn -> Terraform address, for mapping a reader's findings back to the stack
    unmapped: tuple[str, ...] = ()  # AWS resource types with no Terraform type (left out of the plan)
    unconfirmed: tuple[str, ...] = ()  # "token -> type": derived by the naming rule, confirmed by nothing
    skipped: dict[str, int] = field(default_factory=dict)  # non-AWS custom resource types left out


def terraform_plan(state: StackState, types: TerraformTypes, *, deployed: bool = False) -> PlanExport:
    """`deployed`: the state is a real stack (no-op changes); otherwise a preview (every resource is created)."""
    graph = StackGraph(state)
    addresses, kinds = _addresses(state, types)
    unmapped = sorted({r.type for r in state if _exportable(r) and r.urn not in addresses})
    unconfirmed = sorted({f"{t} -> {m.terraform_type}" for t in kinds if (m := types.lookup(t)) and not m.confirmed})
    skipped: dict[str, int] = {}
    for resource in state:
        if resource.custom and not resource.is_provider and not resource.is_aws:
            skipped[resource.type] = skipped.get(resource.type, 0) + 1
    planned, changes, configured = [], [], []
    for resource in state:
        address = addresses.get(resource.urn)
        if address is None:
            continue
        values, unknown, expressions = _attributes(resource, graph, addresses)
        tf_type, name = address.split(".", 1)
        common = {"address": address, "mode": "managed", "type": tf_type, "name": name}
        planned.append({**common, "provider_name": PROVIDER, "schema_version": 0, "values": values})
        changes.append(
            {
                **common,
                "provider_name": PROVIDER,
                "change": {
                    "actions": ["no-op"] if deployed else ["create"],
                    "before": values if deployed else None,
                    "after": values,
                    "after_unknown": unknown,
                    "before_sensitive": {} if deployed else False,
                    "after_sensitive": {},
                },
            }
        )
        configured.append({**common, "provider_config_key": "aws", "expressions": expressions, "schema_version": 0})
    document = {
        "format_version": FORMAT_VERSION,
        # Written by fraudctl from a Pulumi stack, not by Terraform: no Terraform version to report.
        "terraform_version": "",
        "planned_values": {"root_module": {"resources": planned}},
        "resource_changes": changes,
        "configuration": {"provider_config": _providers(state), "root_module": {"resources": configured}},
        "pulumi": {
            "project": state.project,
            "stack": state.stack,
            "source": "stack export" if deployed else "offline preview",
            "pulumi_aws": types.version,
            "resources": {address: urn for urn, address in sorted(addresses.items(), key=lambda item: item[1])},
        },
    }
    return PlanExport(document, addresses, tuple(unmapped), tuple(unconfirmed), skipped)


def _exportable(resource: StackResource) -> bool:
    return resource.custom and resource.is_aws and not resource.is_provider


def _addresses(state: StackState, types: TerraformTypes) -> tuple[dict[str, str], set[str]]:
    """`<type>.<name>`: Terraform names allow letters, digits, `_` and `-`, and start with a letter or `_`."""
    addresses: dict[str, str] = {}
    kinds: set[str] = set()
    taken: set[str] = set()
    for resource in state:
        if not _exportable(resource):
            continue
        mapping = types.lookup(resource.type)
        if mapping is None:
            continue
        kinds.add(resource.type)
        name = _NOT_IN_NAMES.sub("_", resource.name)
        name = name if name[:1].isalpha() or name[:1] == "_" else f"_{name}"
        address, suffix = f"{mapping.terraform_type}.{name}", 2
        while address in taken:  # the same name under two parents of different types
            address, suffix = f"{mapping.terraform_type}.{name}_{suffix}", suffix + 1
        taken.add(address)
        addresses[resource.urn] = address
    return addresses, kinds


def _attributes(
    resource: StackResource, graph: StackGraph, addresses: dict[str, str]
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    values: dict[str, Any] = {}
    unknown: dict[str, Any] = {}
    expressions: dict[str, Any] = {}
    props = resource.props
    for key in sorted(set(props) | set(resource.property_dependencies)):
        if key.startswith("__"):
            continue
        value = props.get(key)
        attribute = attribute_name(key, value)
        targets = [t for t in graph.referenced(resource, key) if t.urn in addresses and t.urn != resource.urn]
        references: list[str] = []
        whole_reference = bool(targets)
        for target in targets:
            found = _identity_property(target, value)
            whole_reference = whole_reference and found is not None
            references += [f"{addresses[target.urn]}.{attribute_name(found or 'id')}", addresses[target.urn]]
        if references:
            expressions[attribute] = {"references": references}
        if value is None or (whole_reference and targets):
            unknown[attribute] = True  # as a first plan: the other resource's id is known after apply
            continue
        values[attribute] = terraform_value(value)
        if attribute not in expressions and not isinstance(value, dict | list):
            expressions[attribute] = {"constant_value": values[attribute]}
    return values, unknown, expressions


def _identity_property(target: StackResource, value: Any) -> str | None:
    """Which of the target's identities `value` is (`arn`, `id`, ...); None when it only embeds one (a policy)."""
    wanted = value if isinstance(value, list) else [value]
    for key in IDENTITY_PROPERTIES:
        identity = target.id if key == "id" else target.get(key)
        if identity and all(isinstance(item, str) for item in wanted) and identity in wanted:
            return key
    return None


def _providers(state: StackState) -> dict[str, Any]:
    provider = next((p for p in state.of_type("pulumi:providers:aws")), None)
    expressions = {}
    if provider is not None and provider.get("region"):
        expressions["region"] = {"constant_value": provider.get("region")}
    return {"aws": {"name": "aws", "full_name": PROVIDER, "expressions": expressions}}
