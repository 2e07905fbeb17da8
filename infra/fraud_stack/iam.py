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
    resources: list[pulumi.Input[str]]
    conditions: dict[str, dict[str, object]] = field(default_factory=dict)


def policy_json(statements: list[Statement]) -> pulumi.Output[str]:
    """Render statements as an IAM policy document once every resource ARN is known."""

    def render(resolved: list[list[str]]) -> str:
        body = []
        for statement, resources in zip(statements, resolved, strict=True):
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


def assume_role_policy(service: str, source_account: pulumi.Input[str], parent: pulumi.Resource) -> pulumi.Output[str]:
    """A trust policy for one AWS service principal, limited to our account (the confused-deputy guard).

    `parent` makes the invoke use the component's provider, like its resources.
    """
    document = aws.iam.get_policy_document_output(
        statements=[
            aws.iam.GetPolicyDocumentStatementArgs(
                effect="Allow",
                actions=["sts:AssumeRole"],
                principals=[aws.iam.GetPolicyDocumentStatementPrincipalArgs(type="Service", identifiers=[service])],
                conditions=[
                    aws.iam.GetPolicyDocumentStatementConditionArgs(
                        test="StringEquals", variable="aws:SourceAccount", values=[source_account]
                    )
                ],
            )
        ],
        opts=pulumi.InvokeOutputOptions(parent=parent),
    )
    return document.json


# Lambda creates and removes the ENIs of a VPC function with these actions; EC2 offers no resource-level permission
# for them, so AWS requires Resource "*" (it is what AWSLambdaVPCAccessExecutionRole grants).
LAMBDA_VPC_NETWORK_INTERFACE_ACTIONS = [
    "ec2:CreateNetworkInterface",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DeleteNetworkInterface",
    "ec2:AssignPrivateIpAddresses",
    "ec2:UnassignPrivateIpAddresses",
]
# X-Ray trace upload has no resource type at all; AWS requires Resource "*" (AWSXRayDaemonWriteAccess).
XRAY_WRITE_ACTIONS = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
