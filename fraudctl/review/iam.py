"""The IAM permission matrix: every role, who may assume it, who uses it, and every statement it is granted."""

from __future__ import annotations

from typing import Any

from .links import StackGraph
from .model_sections import IamGrant, IamRole
from .sources import SourceIndex
from .state import StackResource, json_value

ROLE = "aws:iam/role:Role"
INLINE_POLICY = "aws:iam/rolePolicy:RolePolicy"
MANAGED_POLICY = "aws:iam/policy:Policy"
ATTACHMENTS = (
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    "aws:iam/policyAttachment:PolicyAttachment",
)
IAM_TYPES = {ROLE, INLINE_POLICY, MANAGED_POLICY, *ATTACHMENTS}
UNKNOWN = "(known after deployment)"
BROAD_MANAGED = ("AdministratorAccess", "PowerUserAccess", "IAMFullAccess")


def iam_matrix(graph: StackGraph, sources: SourceIndex, exempt_actions: frozenset[str]) -> tuple[IamRole, ...]:
    roles = []
    for role in graph.state.of_type(ROLE):
        grants: list[IamGrant] = []
        for item in role.get("inlinePolicies", []) or []:
            if isinstance(item, dict):
                grants += statements(str(item.get("name", "inline")), item.get("policy"), exempt_actions)
        for policy in graph.referrers(role, [INLINE_POLICY], "role"):
            grants += statements(policy.name, policy.get("policy"), exempt_actions)
        for attachment in [*graph.referrers(role, ATTACHMENTS, "role"), *graph.referrers(role, ATTACHMENTS, "roles")]:
            grants += _attached(graph, attachment, exempt_actions)
        roles.append(
            IamRole(
                name=role.name,
                role_name=role.physical_name,
                trusted=trusted_principals(role.get("assumeRolePolicy")),
                used_by=tuple(sorted(f"{_short(r.type)} {r.name}" for r in users(graph, role))),
                grants=tuple(grants),
                location=sources.locate(role.type, role.name),
            )
        )
    return tuple(sorted(roles, key=lambda r: r.name))


def users(graph: StackGraph, role: StackResource) -> list[StackResource]:
    """Resources that hand the role to a service (a function's role, a flow log's iamRoleArn, ...)."""
    arn = role.get("arn")
    found = []
    for resource in graph.state:
        if resource.type in IAM_TYPES:
            continue
        if any(role.urn in urns for urns in resource.property_dependencies.values()):
            found.append(resource)
        elif not resource.property_dependencies and arn and arn in resource.inputs.values():
            found.append(resource)  # an export without property dependencies: match the ARN by value
    return found


def _attached(graph: StackGraph, attachment: StackResource, exempt: frozenset[str]) -> list[IamGrant]:
    policies = graph.referenced(attachment, "policyArn", MANAGED_POLICY)
    if policies:
        return statements(policies[0].name, policies[0].get("policy"), exempt)
    arn = str(attachment.get("policyArn", UNKNOWN))
    flags = tuple(f"managed policy {arn} grants broad access" for name in BROAD_MANAGED if arn.endswith(f"/{name}"))
    return [IamGrant(arn, "", "Allow", ("(AWS managed policy)",), (), flags, ())]


def statements(policy_name: str, document: Any, exempt: frozenset[str]) -> list[IamGrant]:
    parsed = json_value(document)
    if not isinstance(parsed, dict):
        return [IamGrant(policy_name, "", "", (UNKNOWN,), (UNKNOWN,), (), ())]
    raw = parsed.get("Statement", [])
    grants = []
    for statement in raw if isinstance(raw, list) else [raw]:
        if not isinstance(statement, dict):
            continue
        effect = str(statement.get("Effect", "Allow"))
        not_action, not_resource = "NotAction" in statement, "NotResource" in statement
        actions = _list(statement.get("NotAction" if not_action else "Action"))
        resources = _list(statement.get("NotResource" if not_resource else "Resource"))
        flags, notes = _wildcards(effect, actions, resources, not_action, not_resource, exempt)
        grants.append(
            IamGrant(
                policy=policy_name,
                sid=str(statement.get("Sid", "")),
                effect=effect,
                actions=tuple(("NOT " if not_action else "") + a for a in actions),
                resources=tuple(("NOT " if not_resource else "") + r for r in resources),
                flags=flags,
                notes=notes,
            )
        )
    return grants


def _wildcards(
    effect: str,
    actions: list[str],
    resources: list[str],
    not_action: bool,
    not_resource: bool,
    exempt: frozenset[str],
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if effect != "Allow":
        return (), ()  # a Deny with wildcards narrows access
    flags, notes = [], []
    if not_action:
        flags.append("NotAction: allows every action except those listed")
    if not_resource:
        flags.append("NotResource: allows every resource except those listed")
    for action in actions:
        if action == "*":
            flags.append("Action * : every action of every service")
        elif action.endswith(":*"):
            flags.append(f"{action}: every action of the service")
        elif "*" in action:
            flags.append(f"{action}: action pattern")
    if "*" in resources:
        if actions and all(a in exempt for a in actions):
            notes.append("Resource * required: these actions support no resource-level permission")
        else:
            flags.append("Resource * : any resource")
    notes += [f"scoped pattern {r}" for r in resources if r != "*" and "*" in r]
    return tuple(flags), tuple(notes)


def trusted_principals(document: Any) -> tuple[str, ...]:
    parsed = json_value(document)
    if not isinstance(parsed, dict):
        return (UNKNOWN,)
    found = []
    raw = parsed.get("Statement", [])
    for statement in raw if isinstance(raw, list) else [raw]:
        if not isinstance(statement, dict) or statement.get("Effect", "Allow") != "Allow":
            continue
        principal = statement.get("Principal")
        entries = (
            [f"{kind}: {p}" for kind, value in principal.items() for p in _list(value)]
            if isinstance(principal, dict)
            else [f"{principal} (anyone)"]
        )
        condition = statement.get("Condition")
        suffix = f" if {_condition(condition)}" if isinstance(condition, dict) and condition else ""
        found += [entry + suffix for entry in entries]
    return tuple(found)


def _condition(condition: dict[str, Any]) -> str:
    parts = []
    for operator, tests in sorted(condition.items()):
        for key, value in sorted((tests or {}).items()):
            parts.append(f"{key} {operator} {', '.join(_list(value))}")
    return "; ".join(parts)


def _list(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _short(type_token: str) -> str:
    return type_token.rsplit(":", 1)[-1]
