"""VPC: the default security group closed, flow logs on, no open ingress, no allow-all egress, private subnets."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pulumi_policy import PolicyResource, ResourceValidationArgs, Severity, StackValidationArgs

from fraud_guardrails import types as T
from fraud_guardrails.links import configured, of_type, referrers
from fraud_guardrails.metadata import ADVISORY, MANDATORY, Undecided, Violation, resource_rule, stack_rule
from fraud_guardrails.props import UNKNOWN, describe, get, items, length, number, peek, strings, truthy

ANYWHERE = ("0.0.0.0/0", "::/0")
ALL_PROTOCOLS = ("-1", "all")
SECURITY_GROUP_RULE_TYPES = (
    T.EC2_SECURITY_GROUP,
    T.EC2_SECURITY_GROUP_RULE,
    T.VPC_SECURITY_GROUP_INGRESS_RULE,
    T.VPC_SECURITY_GROUP_EGRESS_RULE,
)
DEFAULT_SG_DESCRIPTION = "Managed by Pulumi"


def vpc_label(vpc: PolicyResource) -> str:
    name = peek(vpc.props, "tags.Name")
    return name if isinstance(name, str) else vpc.name


def vpc_members(vpc: PolicyResource, resources: list[PolicyResource]) -> list[PolicyResource]:
    return referrers(vpc, resources, "vpcId", ("id",))


@stack_rule(
    name="aws-ec2-vpc-default-security-group-closed",
    description="Every VPC's default security group is adopted by the stack and has no rules.",
    severity=Severity.HIGH,
    enforcement=MANDATORY,
    remediation="Declare aws.ec2.DefaultSecurityGroup(vpc_id=vpc.id) with no ingress or egress: adopting it removes "
    "the allow-all rules AWS creates.",
    fsbp=("EC2.2",),
    checkov=("CKV2_AWS_12",),
)
def vpc_default_security_group_closed(
    args: StackValidationArgs, cfg: Mapping[str, Any]
) -> Iterator[Violation | Undecided]:
    groups = of_type(args.resources, T.EC2_DEFAULT_SECURITY_GROUP)
    for group in groups:
        # Rules unset are none (adopting the group removes AWS's), though a preview shows them as unknown outputs.
        counts = {key: length(configured(group, key)) for key in ("ingress", "egress")}
        rules = [key for key, count in counts.items() if count]
        if rules:
            yield Violation(f"the default security group has {' and '.join(rules)} rules", group.urn)
        if None in counts.values():  # set from another resource's output
            yield Undecided(f"the rules of {group.name}")
    # `vpcId` is optional (none: the default VPC's group) and computed, so unknown in a preview when not set: such a
    # group is none of the stack's VPCs', which the link below sees (no dependency, no value).
    for vpc in of_type(args.resources, T.EC2_VPC):
        if not vpc_members(vpc, groups):
            yield Violation(f"VPC {vpc_label(vpc)}'s default security group keeps AWS's allow-all rules", vpc.urn)


@stack_rule(
    name="aws-ec2-vpc-flow-logs",
    description="Every VPC has flow logs of rejected (or all) traffic.",
    severity=Severity.MEDIUM,
    enforcement=MANDATORY,
    remediation='Declare aws.ec2.FlowLog(vpc_id=vpc.id, traffic_type="ALL", log_destination=<log group>, '
    "iam_role_arn=...) with a 7-day log group.",
    fsbp=("EC2.6",),
    checkov=("CKV2_AWS_11",),
)
def vpc_flow_logs(args: StackValidationArgs, cfg: Mapping[str, Any]) -> Iterator[Violation | Undecided]:
    flow_logs = of_type(args.resources, T.EC2_FLOW_LOG)
    # `vpcId` and `trafficType` are optional (a subnet's or an interface's flow log has no vpcId): a preview may show
    # them as unknown outputs when not set, which is no VPC and no traffic type.
    for vpc in of_type(args.resources, T.EC2_VPC):
        traffic = [configured(flow_log, "trafficType") for flow_log in vpc_members(vpc, flow_logs)]
        if any(kind in ("ALL", "REJECT") for kind in traffic):
            continue
        if UNKNOWN in traffic:
            yield Undecided(f"the traffic type of VPC {vpc_label(vpc)}'s flow logs")
        else:
            detail = f" (traffic types: {', '.join(map(describe, traffic))})" if traffic else ""
            yield Violation(f"VPC {vpc_label(vpc)} has no flow log of rejected traffic{detail}", vpc.urn)


def _rules(args: ResourceValidationArgs, direction: str) -> Iterator[dict[str, Any]]:
    """Each rule of one direction as {cidrs, protocol, from, to, description}, whatever resource declares it. Inline
    CIDRs unknown in a preview are left out: "anywhere" is always written as a literal, an unknown CIDR is another
    resource's computed block."""
    props = args.props
    if args.resource_type == T.EC2_SECURITY_GROUP:
        for rule in items(get(props, direction)):  # a list set from an output: the SDK's "can't run" note
            yield {
                "cidrs": strings(peek(rule, "cidrBlocks")) + strings(peek(rule, "ipv6CidrBlocks")),
                "protocol": str(peek(rule, "protocol")),
                "from": number(peek(rule, "fromPort")),
                "to": number(peek(rule, "toPort")),
                "description": peek(rule, "description"),
            }
    elif args.resource_type == T.EC2_SECURITY_GROUP_RULE:
        if get(props, "type") == direction:
            yield {
                "cidrs": strings(get(props, "cidrBlocks")) + strings(get(props, "ipv6CidrBlocks")),
                "protocol": str(get(props, "protocol")),
                "from": number(get(props, "fromPort")),
                "to": number(get(props, "toPort")),
                "description": peek(props, "description"),
            }
    elif args.resource_type == (
        T.VPC_SECURITY_GROUP_INGRESS_RULE if direction == "ingress" else T.VPC_SECURITY_GROUP_EGRESS_RULE
    ):
        yield {
            "cidrs": strings(get(props, "cidrIpv4")) + strings(get(props, "cidrIpv6")),
            "protocol": str(get(props, "ipProtocol")),
            "from": number(get(props, "fromPort")),
            "to": number(get(props, "toPort")),
            "description": peek(props, "description"),
        }


def _ports(rule: Mapping[str, Any]) -> str:
    if rule["protocol"] in ALL_PROTOCOLS:
        return "all ports"
    return f"{rule['protocol']} {describe(rule['from'])}-{describe(rule['to'])}"


@resource_rule(
    name="aws-ec2-securitygroup-no-open-ingress",
    description="No security group rule admits traffic from anywhere (0.0.0.0/0 or ::/0): nothing listens publicly.",
    severity=Severity.HIGH,
    enforcement=MANDATORY,
    remediation="Admit only known sources (a security group, a prefix list, a VPC CIDR); the API is reached through "
    "API Gateway, never through the VPC.",
    types=SECURITY_GROUP_RULE_TYPES,
    fsbp=("EC2.18", "EC2.19"),
    controls=("EC2.13", "EC2.14"),  # CIS and PCI DSS controls, not FSBP
    checkov=("CKV_AWS_24", "CKV_AWS_25", "CKV_AWS_260", "CKV_AWS_277"),
    config={
        "allowedPorts": {
            "type": "array",
            "items": {"type": "integer"},
            "default": [],
            "description": "Ports that may be open to anywhere (e.g. 443 for a public load balancer).",
        }
    },
)
def security_group_no_open_ingress(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> Iterator[str]:
    allowed = {float(port) for port in cfg["allowedPorts"]}
    for rule in _rules(args, "ingress"):
        open_to = [cidr for cidr in rule["cidrs"] if cidr in ANYWHERE]
        single_allowed_port = rule["from"] is not None and rule["from"] == rule["to"] and rule["from"] in allowed
        if open_to and not (single_allowed_port and rule["protocol"] not in ALL_PROTOCOLS):
            yield f"ingress from {', '.join(open_to)} on {_ports(rule)}"


@resource_rule(
    name="aws-ec2-securitygroup-no-open-egress",
    description="No security group rule lets all traffic out to anywhere.",
    severity=Severity.MEDIUM,
    enforcement=MANDATORY,
    remediation="Allow only the egress needed: HTTPS to the gateway endpoints' prefix lists (or interface endpoints).",
    types=SECURITY_GROUP_RULE_TYPES,
    checkov=("CKV_AWS_382",),
)
def security_group_no_open_egress(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> Iterator[str]:
    for rule in _rules(args, "egress"):
        open_to = [cidr for cidr in rule["cidrs"] if cidr in ANYWHERE]
        if open_to and rule["protocol"] in ALL_PROTOCOLS:
            yield f"egress of all traffic to {', '.join(open_to)}"


@resource_rule(
    name="aws-ec2-securitygroup-rule-descriptions",
    description="Security groups and their rules say what they are for.",
    severity=Severity.LOW,
    enforcement=ADVISORY,
    remediation="Set description on the security group and on each of its rules.",
    types=SECURITY_GROUP_RULE_TYPES,
    checkov=("CKV_AWS_23",),
)
def security_group_descriptions(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> Iterator[str]:
    if args.resource_type == T.EC2_SECURITY_GROUP and peek(args.props, "description") in (None, DEFAULT_SG_DESCRIPTION):
        yield "the security group has no description of its own"
    for direction in ("ingress", "egress"):
        for rule in _rules(args, direction):
            if rule["description"] in (None, ""):
                yield f"an {direction} rule ({_ports(rule)}) has no description"


@resource_rule(
    name="aws-ec2-subnet-no-public-ip",
    description="Subnets do not give instances and ENIs public IP addresses.",
    severity=Severity.MEDIUM,
    enforcement=MANDATORY,
    remediation="Set map_public_ip_on_launch=False on the aws.ec2.Subnet (the functions need no internet path).",
    types=(T.EC2_SUBNET,),
    fsbp=("EC2.15",),
    checkov=("CKV_AWS_130",),
)
def subnet_no_public_ip(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> Iterator[str]:
    if truthy(get(args.props, "mapPublicIpOnLaunch")):
        yield "mapPublicIpOnLaunch is true"


POLICIES = [
    vpc_default_security_group_closed,
    vpc_flow_logs,
    security_group_no_open_ingress,
    security_group_no_open_egress,
    security_group_descriptions,
    subnet_no_public_ip,
]
