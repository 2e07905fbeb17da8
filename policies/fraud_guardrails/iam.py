"""IAM: no wildcard actions, `*` resources only where AWS offers nothing narrower, no escalation paths, no admin."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from pulumi_policy import ResourceValidationArgs, Severity

from fraud_guardrails import types as T
from fraud_guardrails.documents import DocumentError, Statement, action_matches, is_full_wildcard, parse, public_grants
from fraud_guardrails.metadata import MANDATORY, resource_rule, string_list
from fraud_guardrails.props import get, items, peek, strings

# Lambda manages a VPC function's ENIs with these, and X-Ray takes trace segments with these: none of them supports
# a resource-level permission, so AWS's own managed policies grant them on "*".
NETWORK_INTERFACE_AND_XRAY_ACTIONS = [
    "ec2:CreateNetworkInterface",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeSubnets",  # AWSLambdaVPCAccessExecutionRole v3; no resource-level permission
    "ec2:DeleteNetworkInterface",
    "ec2:AssignPrivateIpAddresses",
    "ec2:UnassignPrivateIpAddresses",
    "xray:PutTraceSegments",
    "xray:PutTelemetryRecords",
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


def _allow_statements(
    args: ResourceValidationArgs, examine: Callable[[str, Statement], Iterator[str]]
) -> Iterator[str]:
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

    return _allow_statements(args, examine)


@resource_rule(
    name="aws-iam-policy-no-wildcard-resources",
    description='IAM policies allow Resource "*" only for the actions that support no resource-level permission '
    "(Lambda VPC network interfaces, X-Ray).",
    severity=Severity.HIGH,
    enforcement=MANDATORY,
    remediation='Name the ARNs (table, index, stream, bucket prefix, log group); keep Resource "*" in a statement of '
    "its own that lists only the ENI and X-Ray actions.",
    types=T.IAM_POLICY_DOCUMENT_HOLDERS,
    fsbp=("KMS.1", "KMS.2"),
    checkov=("CKV_AWS_355", "CKV_AWS_356", "CKV_AWS_108", "CKV_AWS_111"),
    spec=True,
    config={
        "wildcardResourceActions": string_list(
            NETWORK_INTERFACE_AND_XRAY_ACTIONS, 'Actions that may be allowed on Resource "*".'
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

    return _allow_statements(args, examine)


@resource_rule(
    name="aws-iam-policy-no-privilege-escalation",
    description="IAM policies allow no action that creates credentials or widens permissions (iam:PassRole, "
    "iam:Put*Policy, iam:CreateAccessKey, sts:AssumeRole ...).",
    severity=Severity.HIGH,
    enforcement=MANDATORY,
    remediation="Remove the IAM and STS actions; a function's role needs none of them.",
    types=T.IAM_POLICY_DOCUMENT_HOLDERS,
    checkov=("CKV_AWS_107", "CKV_AWS_109", "CKV_AWS_110"),
    config={"deniedActions": string_list(ESCALATION_ACTIONS, "Actions no identity policy of the stack may allow.")},
)
def policy_no_privilege_escalation(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> Iterator[str]:
    def examine(where: str, statement: Statement) -> Iterator[str]:
        hits = sorted({d for d in cfg["deniedActions"] for p in statement.actions if action_matches(p, d)})
        if hits:
            yield f"{where}: {statement.label} allows {', '.join(hits)}"

    return _allow_statements(args, examine)


@resource_rule(
    name="aws-iam-role-no-admin-policy",
    description="No role, user or group of the stack gets AdministratorAccess, PowerUserAccess or IAMFullAccess.",
    severity=Severity.CRITICAL,
    enforcement=MANDATORY,
    remediation="Detach the managed policy and write an inline policy with exactly the actions needed.",
    types=T.IAM_ATTACHMENTS,
    fsbp=("IAM.1",),
    checkov=("CKV_AWS_274",),
    config={"deniedManagedPolicies": string_list(ADMIN_POLICY_NAMES, "AWS managed policy names never attached.")},
)
def no_admin_policy(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> Iterator[str]:
    arns = [
        *strings(get(args.props, "policyArn")),
        *strings(get(args.props, "policyArns")),
        *strings(get(args.props, "managedPolicyArns")),
    ]
    for arn in arns:
        if arn.split(":policy/")[-1] in cfg["deniedManagedPolicies"] and ":iam::aws:policy/" in arn:
            yield f"attaches {arn}"


@resource_rule(
    name="aws-iam-role-trust-no-public-principal",
    description='IAM roles cannot be assumed by any principal ("*") without a condition.',
    severity=Severity.CRITICAL,
    enforcement=MANDATORY,
    remediation="Trust one service principal (e.g. lambda.amazonaws.com) with an aws:SourceAccount condition.",
    types=(T.IAM_ROLE,),
    checkov=("CKV_AWS_60",),
)
def role_trust_no_public_principal(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> Iterator[str]:
    try:
        statements = parse(get(args.props, "assumeRolePolicy"))
    except DocumentError as error:
        yield f"assumeRolePolicy: {error}"
        return
    for finding in public_grants(statements):
        yield f"assumeRolePolicy: {finding}"


POLICIES = [
    policy_no_wildcard_actions,
    policy_no_wildcard_resources,
    policy_no_privilege_escalation,
    no_admin_policy,
    role_trust_no_public_principal,
]
