"""IAM: no wildcard actions, `*` resources only where AWS offers nothing narrower, no escalation paths, no admin."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from pulumi_policy import ResourceValidationArgs, Severity

from fraud_guardrails import types as T
from fraud_guardrails.documents import (
    DocumentError,
    Statement,
    action_matches,
    has_public_principal,
    is_full_wildcard,
    parse,
)
from fraud_guardrails.metadata import MANDATORY, resource_rule, string_list
from fraud_guardrails.props import get, items, peek, strings

# Actions that support no resource-level permission, so "*" is the only Resource they can have (the Service
# Authorization Reference lists no resource type for them; on an ARN they would allow nothing, which parliament
# reports as RESOURCE_MISMATCH): what Lambda needs to find a VPC function's subnets and network interfaces and to list
# a table's streams for a stream mapping, what X-Ray needs for trace segments and sampling, and DescribeLogGroups,
# part of AWS's policies for the API Gateway logging and flow-logs roles. The network-interface write actions
# (Create/Delete/Assign/Unassign) are NOT here: they take network-interface, subnet and security-group ARNs, and
# Checkov CKV_AWS_355/CKV_AWS_290 (Cloudsplaining) fail them on "*".
WILDCARD_ONLY_ACTIONS = [
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeSubnets",
    "dynamodb:ListStreams",
    "logs:DescribeLogGroups",
    "xray:PutTraceSegments",
    "xray:PutTelemetryRecords",
    "xray:GetSamplingRules",
    "xray:GetSamplingTargets",
]
# Actions that let a principal widen its own (or another's) permissions or mint credentials (CKV_AWS_107/109/110).
ESCALATION_ACTIONS = [
    "iam:AddUserToGroup",
    "iam:AttachGroupPolicy",
    "iam:AttachRolePolicy",
    "iam:AttachUserPolicy",
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
    "iam:CreatePolicyVersion",
    "iam:PassRole",
    "iam:PutGroupPolicy",
    "iam:PutRolePermissionsBoundary",
    "iam:PutRolePolicy",
    "iam:PutUserPolicy",
    "iam:SetDefaultPolicyVersion",
    "iam:UpdateAssumeRolePolicy",
    "iam:UpdateLoginProfile",
    "sts:AssumeRole",
]
ADMIN_POLICY_NAMES = ["AdministratorAccess", "PowerUserAccess", "IAMFullAccess"]


def identity_statements(args: ResourceValidationArgs) -> Iterator[tuple[str, list[Statement]]]:
    """(where, statements) of every identity policy document the resource carries."""
    if args.resource_type == T.IAM_ROLE:
        for index, inline in enumerate(items(peek(args.props, "inlinePolicies"))):
            yield f"inline policy {peek(inline, 'name') or index}", parse(get(inline, "policy"))
    else:
        yield "the policy", parse(get(args.props, "policy"))


def allow_statements(args: ResourceValidationArgs, examine: Callable[[str, Statement], Iterator[str]]) -> Iterator[str]:
    """`examine`'s messages for every Allow statement of the resource's identity policies; an unreadable document
    becomes a violation message instead of an error."""
    try:
        for where, statements in identity_statements(args):
            for statement in statements:
                if statement.allows:
                    yield from examine(where, statement)
    except DocumentError as error:
        yield str(error)


@resource_rule(
    name="aws-iam-policy-no-wildcard-actions",
    description='IAM policies allow no "*" and no "service:*" action (and no NotAction).',
    severity=Severity.HIGH,
    enforcement=MANDATORY,
    remediation="List the exact actions the principal needs (e.g. dynamodb:PutItem, dynamodb:Query).",
    types=T.IAM_POLICY_DOCUMENT_HOLDERS,
    fsbp=("IAM.1", "IAM.21"),
    checkov=("CKV_AWS_1", "CKV_AWS_62", "CKV_AWS_63"),
    spec=True,
)
def policy_no_wildcard_actions(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> Iterator[str]:
    def examine(where: str, statement: Statement) -> Iterator[str]:
        wildcards = [action for action in statement.actions if is_full_wildcard(action)]
        if wildcards:
            yield f"{where}: {statement.label} allows {', '.join(repr(a) for a in wildcards)}"
        if statement.not_actions:
            yield f"{where}: {statement.label} allows everything except NotAction {list(statement.not_actions)}"

    return allow_statements(args, examine)


@resource_rule(
    name="aws-iam-policy-no-wildcard-resources",
    description='IAM policies allow Resource "*" only for the actions that support no resource-level permission '
    "(describing subnets and network interfaces, X-Ray).",
    severity=Severity.HIGH,
    enforcement=MANDATORY,
    remediation="Name the ARNs (table, index, stream, bucket prefix, log group; network-interface, subnet and "
    'security-group ARNs for the ENI actions); keep Resource "*" in a statement of its own that lists only the '
    "Describe and X-Ray actions.",
    types=T.IAM_POLICY_DOCUMENT_HOLDERS,
    # Cloudsplaining's checks count the actions a policy allows on "*" that could be scoped; with the default list
    # this policy fails every one of them (and more): resource variants 286-290 and 355, data-source 107-111, 356.
    checkov=(
        "CKV_AWS_355",
        "CKV_AWS_356",
        "CKV_AWS_286",
        "CKV_AWS_287",
        "CKV_AWS_288",
        "CKV_AWS_289",
        "CKV_AWS_290",
        "CKV_AWS_107",
        "CKV_AWS_108",
        "CKV_AWS_109",
        "CKV_AWS_110",
        "CKV_AWS_111",
    ),
    spec=True,
    config={
        "wildcardResourceActions": string_list(
            WILDCARD_ONLY_ACTIONS, 'Actions that may be allowed on Resource "*" (those with no resource-level support).'
        )
    },
)
def policy_no_wildcard_resources(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> Iterator[str]:
    allowed = {action.lower() for action in cfg["wildcardResourceActions"]}

    def examine(where: str, statement: Statement) -> Iterator[str]:
        if statement.not_resources:
            excluded = list(statement.not_resources)
            yield f"{where}: {statement.label} allows every resource except NotResource {excluded}"
        if "*" not in (resource.strip() for resource in statement.resources):
            return
        others = [action for action in statement.actions if action.lower() not in allowed]
        if others or statement.not_actions:
            listed = ", ".join(others) or "NotAction"
            yield f'{where}: {statement.label} allows {listed} on Resource "*"'

    return allow_statements(args, examine)


@resource_rule(
    name="aws-iam-policy-no-privilege-escalation",
    description="IAM policies allow no action that creates credentials or widens permissions (iam:PassRole, "
    "iam:Put*Policy, iam:CreateAccessKey, sts:AssumeRole ...).",
    severity=Severity.HIGH,
    enforcement=MANDATORY,
    remediation="Remove the IAM and STS actions; a function's role needs none of them.",
    types=T.IAM_POLICY_DOCUMENT_HOLDERS,
    # No Checkov ID: Cloudsplaining's escalation lists are longer but only count "*" resources; this policy denies its
    # list on every resource. aws-iam-policy-no-wildcard-resources is the one that matches those checks.
    config={"deniedActions": string_list(ESCALATION_ACTIONS, "Actions no identity policy of the stack may allow.")},
)
def policy_no_privilege_escalation(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> Iterator[str]:
    def examine(where: str, statement: Statement) -> Iterator[str]:
        hits = sorted({d for d in cfg["deniedActions"] for p in statement.actions if action_matches(p, d)})
        if hits:
            yield f"{where}: {statement.label} allows {', '.join(hits)}"

    return allow_statements(args, examine)


@resource_rule(
    name="aws-iam-role-no-admin-policy",
    description="No role, user or group of the stack gets AdministratorAccess, PowerUserAccess or IAMFullAccess.",
    severity=Severity.CRITICAL,
    enforcement=MANDATORY,
    remediation="Detach the managed policy and write an inline policy with exactly the actions needed.",
    types=T.IAM_ATTACHMENTS,
    checkov=("CKV_AWS_274",),  # not FSBP IAM.1, which evaluates customer managed policies and excludes AWS managed
    config={"deniedManagedPolicies": string_list(ADMIN_POLICY_NAMES, "AWS managed policy names never attached.")},
)
def no_admin_policy(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> Iterator[str]:
    # An ARN unknown in a preview comes from another resource of the stack (a customer managed policy being
    # created): never an AWS managed policy, whose ARN is a literal. strings() leaves such ARNs out instead of
    # stopping the whole check with the SDK's "can't run during preview" note.
    arns = [
        *strings(peek(args.props, "policyArn")),
        *strings(peek(args.props, "policyArns")),
        *strings(peek(args.props, "managedPolicyArns")),
    ]
    for arn in arns:
        if arn.split(":policy/")[-1] in cfg["deniedManagedPolicies"] and ":iam::aws:policy/" in arn:
            yield f"attaches {arn}"


@resource_rule(
    name="aws-iam-role-trust-no-public-principal",
    description='IAM roles cannot be assumed by any principal ("*"), whatever the condition.',
    severity=Severity.CRITICAL,
    enforcement=MANDATORY,
    remediation="Trust one service principal (e.g. lambda.amazonaws.com) with an aws:SourceAccount condition, or "
    "name the accounts or roles that may assume it.",
    types=(T.IAM_ROLE,),
    checkov=("CKV_AWS_60",),  # fails Principal "*" / {"AWS": "*"} even under a condition
)
def role_trust_no_public_principal(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> Iterator[str]:
    try:
        statements = parse(get(args.props, "assumeRolePolicy"))
    except DocumentError as error:
        yield f"assumeRolePolicy: {error}"
        return
    for statement in statements:
        if not statement.allows:
            continue
        if statement.not_principal is not None:
            yield f"assumeRolePolicy: {statement.label} trusts everyone except a NotPrincipal list"
        elif has_public_principal(statement):
            yield f'assumeRolePolicy: {statement.label} trusts any principal ("*"), whatever its condition'


POLICIES = [
    policy_no_wildcard_actions,
    policy_no_wildcard_resources,
    policy_no_privilege_escalation,
    no_admin_policy,
    role_trust_no_public_principal,
]
