"""The baseline's network: a VPC with two private subnets, its default security group and network ACL adopted,
flow logs, and the interface endpoints FSBP asks for (the real stack records not deploying those, catalogue.yaml)."""

from __future__ import annotations

from fraud_guardrails import types as T
from pack_baseline_common import ACCOUNT, PREFIX, REGION, allow, arn, document, trust
from pack_harness import Res

INTERFACE_SERVICES = ("ec2", "ecr.api", "ecr.dkr", "ssm", "ssm-contacts", "ssm-incidents")


def network() -> list[Res]:
    vpc = Res(T.EC2_VPC, "network-vpc", {"cidrBlock": "10.20.0.0/16", "tags": {"Name": f"{PREFIX}-vpc"}})
    vpc.outputs = {"arn": arn("ec2", "vpc/vpc-1"), "id": "vpc-1", "defaultNetworkAclId": "acl-1"}
    on_vpc = {"vpcId": ["network-vpc"]}
    subnets = [
        Res(
            T.EC2_SUBNET,
            f"network-private-{index}",
            {
                "vpcId": "vpc-1",
                "cidrBlock": f"10.20.{index + 1}.0/24",
                "availabilityZone": zone,
                "mapPublicIpOnLaunch": False,
                "tags": {"Name": f"{PREFIX}-private-{index}"},
            },
            deps=on_vpc,
        )
        for index, zone in enumerate(("us-east-2a", "us-east-2b"))
    ]
    group = Res(
        T.EC2_SECURITY_GROUP,
        "network-functions-sg",
        {"vpcId": "vpc-1", "description": "Lambda functions: HTTPS egress to the gateway endpoints only"},
        deps=on_vpc,
    )
    egress = [
        Res(
            T.VPC_SECURITY_GROUP_EGRESS_RULE,
            f"network-functions-to-{service}",
            {
                "securityGroupId": "sg-1",
                "description": f"HTTPS to {service} through its gateway endpoint",
                "ipProtocol": "tcp",
                "fromPort": 443,
                "toPort": 443,
                "prefixListId": f"pl-{service}",
            },
            deps={"securityGroupId": ["network-functions-sg"]},
        )
        for service in ("dynamodb", "s3")
    ]
    flow_group = Res(T.LOG_GROUP, "network-flow-logs", {"name": f"/vpc/flow-logs/{PREFIX}", "retentionInDays": 7})
    flow_role = Res(T.IAM_ROLE, "network-flow-logs-role", {"assumeRolePolicy": trust("vpc-flow-logs.amazonaws.com")})
    flow_policy = Res(
        T.IAM_ROLE_POLICY,
        "network-flow-logs-policy",
        {
            "role": "network-flow-logs-role",
            "policy": document(
                allow(
                    "WriteFlowLogs",
                    ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                    [
                        arn("logs", f"log-group:/vpc/flow-logs/{PREFIX}"),
                        arn("logs", f"log-group:/vpc/flow-logs/{PREFIX}:*"),
                    ],
                ),
                allow("FindLogGroups", ["logs:DescribeLogGroups"], ["*"]),
            ),
        },
    )
    flow_log = Res(
        T.EC2_FLOW_LOG,
        "network-flow-log",
        {
            "vpcId": "vpc-1",
            "trafficType": "ALL",
            "logDestinationType": "cloud-watch-logs",
            "logDestination": arn("logs", f"log-group:/vpc/flow-logs/{PREFIX}"),
            "iamRoleArn": f"arn:aws:iam::{ACCOUNT}:role/network-flow-logs-role",
        },
        deps=on_vpc,
    )
    default_group = Res(T.EC2_DEFAULT_SECURITY_GROUP, "network-default-sg", {"vpcId": "vpc-1"}, deps=on_vpc)
    return [
        vpc,
        default_group,
        default_network_acl(),
        *subnets,
        group,
        *egress,
        *interface_endpoints(),
        flow_group,
        flow_role,
        flow_policy,
        flow_log,
    ]


def default_network_acl() -> Res:
    """Adopted like infra's: HTTPS out and the ephemeral ports back in, nothing else (NACLs are stateless)."""
    return Res(
        T.EC2_DEFAULT_NETWORK_ACL,
        "network-default-nacl",
        {
            "defaultNetworkAclId": "acl-1",
            "subnetIds": ["subnet-0", "subnet-1"],
            "egress": [
                {
                    "ruleNo": 100,
                    "action": "allow",
                    "protocol": "tcp",
                    "cidrBlock": "0.0.0.0/0",
                    "fromPort": 443,
                    "toPort": 443,
                }
            ],
            # The responses' ephemeral ports, 3389 (RDP) left out: EC2.21 fails any entry open to it from anywhere.
            "ingress": [
                {
                    "ruleNo": 100,
                    "action": "allow",
                    "protocol": "tcp",
                    "cidrBlock": "0.0.0.0/0",
                    "fromPort": 1024,
                    "toPort": 3388,
                },
                {
                    "ruleNo": 110,
                    "action": "allow",
                    "protocol": "tcp",
                    "cidrBlock": "0.0.0.0/0",
                    "fromPort": 3390,
                    "toPort": 65535,
                },
            ],
        },
        deps={"defaultNetworkAclId": ["network-vpc"], "subnetIds": ["network-private-0", "network-private-1"]},
    )


def interface_endpoints() -> list[Res]:
    return [
        Res(
            T.EC2_VPC_ENDPOINT,
            f"network-{service}-interface-endpoint",
            {
                "vpcId": "vpc-1",
                "serviceName": f"com.amazonaws.{REGION}.{service}",
                "vpcEndpointType": "Interface",
                "privateDnsEnabled": True,
                "subnetIds": ["subnet-0", "subnet-1"],
                "securityGroupIds": ["sg-1"],
            },
            deps={"vpcId": ["network-vpc"]},
        )
        for service in INTERFACE_SERVICES
    ]
