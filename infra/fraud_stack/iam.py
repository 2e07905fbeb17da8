"""IAM policy documents built from plain statements: the one place that decides how permissions are written."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pulumi
import pulumi_aws as aws


@dataclass(frozen=True)
class Statement:
    """One Allow statement. Actions are always explicit: no `*` and no `service:*` anywhere in this program."""

    sid: str
    actions: list[str]
    resources: list[pulumi.Input[str]] | list[pulumi.Input[str | list[str]]]
    conditions: dict[str, dict[str, object]] = field(default_factory=dict)


def policy_json(statements: list[Statement]) -> pulumi.Output[str]:
    """Render statements as an IAM policy document once every resource ARN is known."""

    def render(resolved: list[list[str]]) -> str:
        body = []
        for statement, resolved_resources in zip(statements, resolved, strict=True):
            # A resource input may itself be a list (e.g. one ARN per subnet): flattened into the one Resource list.
            resources = [r for item in resolved_resources for r in (item if isinstance(item, list) else [item])]
            entry: dict[str, object] = {
                "Sid": statement.sid,
                "Effect": "Allow",
                "Action": sorted(statement.actions),
                "Resource": resources,
            }
            if statement.conditions:
                entry["Condition"] = statement.conditions
            body.append(entry)
        return json.dumps({"Version": "2012-10-17", "Statement": body}, sort_keys=True)

    return pulumi.Output.all(*[pulumi.Output.all(*s.resources) for s in statements]).apply(render)


def assume_role_policy(
    service: str, source_account: pulumi.Input[str] | None, parent: pulumi.Resource
) -> pulumi.Output[str]:
    """A trust policy for one AWS service principal, limited to our account (the confused-deputy guard) when the
    service is documented to send aws:SourceAccount; `None` gives AWS's documented policy without the condition.

    `parent` makes the invoke use the component's provider, like its resources.
    """
    conditions = []
    if source_account is not None:
        conditions.append(
            aws.iam.GetPolicyDocumentStatementConditionArgs(
                test="StringEquals", variable="aws:SourceAccount", values=[source_account]
            )
        )
    document = aws.iam.get_policy_document_output(
        statements=[
            aws.iam.GetPolicyDocumentStatementArgs(
                effect="Allow",
                actions=["sts:AssumeRole"],
                principals=[aws.iam.GetPolicyDocumentStatementPrincipalArgs(type="Service", identifiers=[service])],
                conditions=conditions or None,
            )
        ],
        opts=pulumi.InvokeOutputOptions(parent=parent),
    )
    return document.json


# Lambda creates, re-addresses and deletes the ENIs of a VPC function with the function's role (the actions of
# AWSLambdaVPCAccessExecutionRole v3). The write actions support resource-level permissions (Service Authorization
# Reference, Amazon EC2): CreateNetworkInterface on the new network-interface and on the subnet and security group it
# is placed in; the others on the network-interface. Lambda's VPC guide names that scoping for DeleteNetworkInterface.
LAMBDA_ENI_CREATE_ACTIONS = ["ec2:CreateNetworkInterface"]
LAMBDA_ENI_WRITE_ACTIONS = [
    "ec2:DeleteNetworkInterface",
    "ec2:AssignPrivateIpAddresses",
    "ec2:UnassignPrivateIpAddresses",
]
# Describe* calls support no resource-level permission: AWS requires Resource "*" for them.
LAMBDA_VPC_DESCRIBE_ACTIONS = ["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"]
# X-Ray trace upload has no resource type at all; AWS requires Resource "*" (AWSXRayDaemonWriteAccess).
XRAY_WRITE_ACTIONS = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]


def lambda_vpc_statements(
    region: str,
    account_id: pulumi.Input[str],
    subnet_ids: pulumi.Input[list[str]],
    security_group_id: pulumi.Input[str],
) -> list[Statement]:
    """What a VPC function's role needs for its ENIs: writes scoped to this account's network interfaces in the
    region and to the function's own subnets and security group; the two Describe calls on "*"."""
    ec2 = pulumi.Output.concat("arn:aws:ec2:", region, ":", account_id, ":")
    interfaces = pulumi.Output.concat(ec2, "network-interface/*")
    subnets = pulumi.Output.all(ec2, subnet_ids).apply(lambda v: [f"{v[0]}subnet/{subnet}" for subnet in v[1]])
    group = pulumi.Output.concat(ec2, "security-group/", security_group_id)
    placement = pulumi.Output.all(interfaces, subnets, group).apply(lambda v: [v[0], *v[1], v[2]])
    return [
        Statement("CreateFunctionNetworkInterfaces", LAMBDA_ENI_CREATE_ACTIONS, [placement]),
        Statement("ManageFunctionNetworkInterfaces", LAMBDA_ENI_WRITE_ACTIONS, [interfaces]),
        Statement("DescribeVpcNetwork", LAMBDA_VPC_DESCRIBE_ACTIONS, ["*"]),
    ]
