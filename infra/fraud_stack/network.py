"""A private network for the functions: two AZs, no internet path, AWS data services through gateway endpoints."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from fraud_stack.iam import Statement, assume_role_policy, policy_json


@dataclass(frozen=True)
class NetworkArgs:
    name_prefix: str
    region: str
    account_id: pulumi.Input[str]
    log_retention_days: int
    cidr_block: str = "10.20.0.0/16"
    subnet_cidrs: tuple[str, str] = ("10.20.1.0/24", "10.20.2.0/24")


class Network(pulumi.ComponentResource):
    """VPC, two private subnets, DynamoDB and S3 gateway endpoints, the functions' security group, flow logs.

    There is no internet gateway and no NAT: the functions only talk to DynamoDB and S3, and gateway endpoints reach
    both for free. Logs, EMF metrics and X-Ray leave through the Lambda service and need no endpoint. No interface
    endpoint either (FSBP EC2.10, EC2.55-58, EC2.60 ask for EC2, ECR, SSM and Incident Manager ones): the code calls
    none of those APIs, and six endpoints in two AZs would cost about USD 88 a month (policies/catalogue.yaml).
    """

    subnet_ids: pulumi.Output[list[str]]
    security_group_id: pulumi.Output[str]
    vpc_id: pulumi.Output[str]

    def __init__(self, name: str, args: NetworkArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("fraud:network:Network", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)

        vpc = aws.ec2.Vpc(
            f"{name}-vpc",
            cidr_block=args.cidr_block,
            enable_dns_hostnames=True,
            enable_dns_support=True,
            tags={"Name": f"{args.name_prefix}-vpc"},
            opts=child,
        )
        # AWS creates a default security group with allow-all rules; adopting it with no rules closes it (EC2.2).
        aws.ec2.DefaultSecurityGroup(f"{name}-default-sg", vpc_id=vpc.id, opts=child)

        zones = aws.get_availability_zones_output(state="available", opts=pulumi.InvokeOutputOptions(parent=self))
        route_table = aws.ec2.RouteTable(
            f"{name}-private-rt", vpc_id=vpc.id, tags={"Name": f"{args.name_prefix}-private"}, opts=child
        )
        subnets = []
        for index, cidr in enumerate(args.subnet_cidrs):
            subnet = aws.ec2.Subnet(
                f"{name}-private-{index}",
                vpc_id=vpc.id,
                cidr_block=cidr,
                availability_zone=zones.names[index],
                map_public_ip_on_launch=False,
                tags={"Name": f"{args.name_prefix}-private-{index}"},
                opts=child,
            )
            aws.ec2.RouteTableAssociation(
                f"{name}-private-{index}-rta", subnet_id=subnet.id, route_table_id=route_table.id, opts=child
            )
            subnets.append(subnet)
        self._default_network_acl(name, args.name_prefix, vpc, subnets, child)

        endpoints = {
            service: aws.ec2.VpcEndpoint(
                f"{name}-{service}-endpoint",
                vpc_id=vpc.id,
                service_name=f"com.amazonaws.{args.region}.{service}",
                vpc_endpoint_type="Gateway",
                route_table_ids=[route_table.id],
                tags={"Name": f"{args.name_prefix}-{service}"},
                opts=child,
            )
            for service in ("dynamodb", "s3")
        }

        security_group = aws.ec2.SecurityGroup(
            f"{name}-functions-sg",
            vpc_id=vpc.id,
            description="Lambda functions: no ingress; HTTPS egress to the DynamoDB and S3 gateway endpoints only",
            tags={"Name": f"{args.name_prefix}-functions"},
            opts=child,
        )
        for service, endpoint in endpoints.items():
            aws.vpc.SecurityGroupEgressRule(
                f"{name}-functions-to-{service}",
                security_group_id=security_group.id,
                description=f"HTTPS to {service} through its gateway endpoint",
                ip_protocol="tcp",
                from_port=443,
                to_port=443,
                prefix_list_id=endpoint.prefix_list_id,
                opts=child,
            )

        self._flow_logs(name, args, vpc, child)

        self.vpc_id = vpc.id
        self.subnet_ids = pulumi.Output.all(*[s.id for s in subnets])
        self.security_group_id = security_group.id
        self.register_outputs(
            {"vpc_id": self.vpc_id, "subnet_ids": self.subnet_ids, "security_group_id": self.security_group_id}
        )

    def _default_network_acl(
        self,
        name: str,
        name_prefix: str,
        vpc: aws.ec2.Vpc,
        subnets: list[aws.ec2.Subnet],
        child: pulumi.ResourceOptions,
    ) -> None:
        """Adopt the VPC's default network ACL, replacing AWS's allow-all entries (FSBP EC2.21, as EC2.2 for the
        default security group), and keep it on both subnets (EC2.16).

        NACLs are stateless and cannot name the gateway endpoints' prefix lists, so HTTPS goes out to any address
        and the responses come back on the ephemeral ports; there is no internet gateway, so only AWS's S3 and
        DynamoDB endpoints can answer. Port 3389 is left out of the return range: EC2.21 fails an entry that opens
        SSH or RDP to 0.0.0.0/0, and a response to that one local port is retried by the SDK on another. NACLs do
        not filter the VPC's DNS resolver, so name resolution needs no entry.
        """

        def entry(kind: type, rule_no: int, low: int, high: int) -> object:
            return kind(
                rule_no=rule_no, action="allow", protocol="tcp", cidr_block="0.0.0.0/0", from_port=low, to_port=high
            )

        aws.ec2.DefaultNetworkAcl(
            f"{name}-default-nacl",
            default_network_acl_id=vpc.default_network_acl_id,
            subnet_ids=[subnet.id for subnet in subnets],
            egress=[entry(aws.ec2.DefaultNetworkAclEgressArgs, 100, 443, 443)],
            ingress=[
                entry(aws.ec2.DefaultNetworkAclIngressArgs, 100, 1024, 3388),
                entry(aws.ec2.DefaultNetworkAclIngressArgs, 110, 3390, 65535),
            ],
            tags={"Name": f"{name_prefix}-default"},
            opts=child,
        )

    def _flow_logs(self, name: str, args: NetworkArgs, vpc: aws.ec2.Vpc, child: pulumi.ResourceOptions) -> None:
        """All traffic of the VPC to a CloudWatch log group (EC2.6), written by a role scoped to that group."""
        log_group = aws.cloudwatch.LogGroup(
            f"{name}-flow-logs",
            name=f"/vpc/flow-logs/{args.name_prefix}",
            retention_in_days=args.log_retention_days,
            # A fixed name: a replacement must delete the old group first, or the create fails on the taken name.
            opts=pulumi.ResourceOptions.merge(child, pulumi.ResourceOptions(delete_before_replace=True)),
        )
        role = aws.iam.Role(
            f"{name}-flow-logs-role",
            assume_role_policy=assume_role_policy("vpc-flow-logs.amazonaws.com", args.account_id, self),
            opts=child,
        )
        aws.iam.RolePolicy(
            f"{name}-flow-logs-policy",
            role=role.id,
            policy=policy_json(
                [
                    Statement(
                        sid="WriteFlowLogs",
                        actions=["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                        resources=[log_group.arn, log_group.arn.apply(lambda arn: f"{arn}:*")],
                    ),
                    # In AWS's policy for the flow-logs role. It supports no resource-level permission (the Service
                    # Authorization Reference lists no resource type), so on the log group it would allow nothing.
                    Statement(sid="FindLogGroups", actions=["logs:DescribeLogGroups"], resources=["*"]),
                ]
            ),
            opts=child,
        )
        aws.ec2.FlowLog(
            f"{name}-flow-log",
            vpc_id=vpc.id,
            traffic_type="ALL",
            log_destination_type="cloud-watch-logs",
            log_destination=log_group.arn,
            iam_role_arn=role.arn,
            tags={"Name": f"{args.name_prefix}-flow-log"},
            opts=child,
        )
