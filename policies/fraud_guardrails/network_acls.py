"""Network ACLs: the VPC's default ACL taken under control, no admin port open to the world (FSBP EC2.21), none
left unused (EC2.16).

AWS gives every VPC a default network ACL that allows all traffic in and out, and associates every subnet with it
until another ACL claims the subnet. Like the default security group, it stays so unless the stack adopts it
(aws.ec2.DefaultNetworkAcl) and states its rules.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pulumi_policy import PolicyResource, ResourceValidationArgs, Severity, StackValidationArgs

from fraud_guardrails import types as T
from fraud_guardrails.links import configured, is_unresolved, of_type, referrers, refers_to
from fraud_guardrails.metadata import MANDATORY, Undecided, Violation, resource_rule, stack_rule
from fraud_guardrails.network import ANYWHERE, vpc_label
from fraud_guardrails.props import describe, get, items, length, number, peek, truthy

ADMIN_PORTS = (22, 3389)  # SSH and RDP
ALL_PROTOCOLS = ("-1", "all")
PORT_PROTOCOLS = ("6", "tcp", "17", "udp")  # RDP also listens on UDP 3389


def _entries(args: ResourceValidationArgs) -> Iterator[dict[str, Any]]:
    """Ingress entries as {action, cidrs, protocol, from, to}, from an ACL's inline rules or a NetworkAclRule."""
    if args.resource_type == T.EC2_NETWORK_ACL_RULE:
        if truthy(get(args.props, "egress")):
            return
        yield {
            "action": str(get(args.props, "ruleAction")).lower(),
            "cidrs": [c for c in (get(args.props, "cidrBlock"), get(args.props, "ipv6CidrBlock")) if c],
            "protocol": str(get(args.props, "protocol")).lower(),
            "from": number(get(args.props, "fromPort")),
            "to": number(get(args.props, "toPort")),
        }
        return
    for entry in items(get(args.props, "ingress")):
        yield {
            "action": str(peek(entry, "action")).lower(),
            "cidrs": [c for c in (peek(entry, "cidrBlock"), peek(entry, "ipv6CidrBlock")) if c],
            "protocol": str(peek(entry, "protocol")).lower(),
            "from": number(peek(entry, "fromPort")),
            "to": number(peek(entry, "toPort")),
        }


def _open_admin_ports(entry: Mapping[str, Any]) -> list[int]:
    if entry["action"] != "allow" or not any(cidr in ANYWHERE for cidr in entry["cidrs"]):
        return []
    if entry["protocol"] in ALL_PROTOCOLS:
        return list(ADMIN_PORTS)
    if entry["protocol"] not in PORT_PROTOCOLS:
        return []
    low, high = entry["from"], entry["to"]
    if low is None or high is None:
        return list(ADMIN_PORTS)  # no range: every port
    return [port for port in ADMIN_PORTS if low <= port <= high]


@resource_rule(
    name="aws-ec2-networkacl-no-admin-ingress",
    description="No network ACL entry allows ingress from 0.0.0.0/0 or ::/0 to port 22 or 3389.",
    severity=Severity.MEDIUM,
    enforcement=MANDATORY,
    remediation="Allow inbound only what the subnets need (e.g. the ephemeral ports 1024-65535 for responses); "
    "never SSH or RDP, or all traffic, from anywhere.",
    types=(T.EC2_NETWORK_ACL, T.EC2_DEFAULT_NETWORK_ACL, T.EC2_NETWORK_ACL_RULE),
    fsbp=("EC2.21",),
)
def network_acl_no_admin_ingress(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> Iterator[str]:
    for entry in _entries(args):
        ports = _open_admin_ports(entry)
        if ports:
            sources = ", ".join(cidr for cidr in entry["cidrs"] if cidr in ANYWHERE)
            listed = " and ".join(str(port) for port in ports)
            yield f"an ingress entry allows {describe(entry['protocol'])} from {sources} to port {listed}"


def _default_acl_of(vpc: PolicyResource, acls: list[PolicyResource]) -> list[PolicyResource]:
    return referrers(vpc, acls, "defaultNetworkAclId", ("defaultNetworkAclId",))


@stack_rule(
    name="aws-ec2-vpc-default-network-acl-adopted",
    description="Every VPC's default network ACL is adopted by the stack, so AWS's allow-all rules are replaced.",
    severity=Severity.MEDIUM,
    enforcement=MANDATORY,
    remediation="Declare aws.ec2.DefaultNetworkAcl(default_network_acl_id=vpc.default_network_acl_id, subnet_ids=[...],"
    " ingress=[...], egress=[...]) with only the rules the subnets need: adopting it removes AWS's allow-all entries.",
    fsbp=("EC2.21",),
)
def vpc_default_network_acl_adopted(
    args: StackValidationArgs, cfg: Mapping[str, Any]
) -> Iterator[Violation | Undecided]:
    acls = of_type(args.resources, T.EC2_DEFAULT_NETWORK_ACL)
    unresolved = [acl.name for acl in acls if is_unresolved(acl, "defaultNetworkAclId")]
    if unresolved:
        yield Undecided(f"which VPC {', '.join(unresolved)} adopts the ACL of")
        return
    for vpc in of_type(args.resources, T.EC2_VPC):
        if not _default_acl_of(vpc, acls):
            yield Violation(
                f"VPC {vpc_label(vpc)}'s default network ACL keeps AWS's rules: all traffic in from 0.0.0.0/0, "
                "SSH and RDP included",
                vpc.urn,
            )


def _explicitly_associated(subnet: PolicyResource, resources: list[PolicyResource]) -> bool:
    acls = of_type(resources, T.EC2_NETWORK_ACL)
    associations = of_type(resources, T.EC2_NETWORK_ACL_ASSOCIATION)
    return any(refers_to(acl, "subnetIds", subnet, ("id",)) for acl in acls) or any(
        refers_to(association, "subnetId", subnet, ("id",)) for association in associations
    )


@stack_rule(
    name="aws-ec2-networkacl-in-use",
    description="Every network ACL of the stack is associated with at least one subnet.",
    severity=Severity.LOW,
    enforcement=MANDATORY,
    remediation="Associate the network ACL with its subnets (subnet_ids, or aws.ec2.NetworkAclAssociation), or "
    "remove it.",
    fsbp=("EC2.16",),
)
def network_acl_in_use(args: StackValidationArgs, cfg: Mapping[str, Any]) -> Iterator[Violation]:
    associations = of_type(args.resources, T.EC2_NETWORK_ACL_ASSOCIATION)
    subnets = of_type(args.resources, T.EC2_SUBNET)
    for acl in of_type(args.resources, T.EC2_NETWORK_ACLS):
        # Not set, `subnetIds` is an unknown output in a preview (AWS reports the associations): no subnet of the
        # program's. Set from the subnets' ids, it is unknown with a dependency: associated (length None).
        count = length(configured(acl, "subnetIds"))
        if count is None or count > 0 or referrers(acl, associations, "networkAclId", ("id",)):
            continue
        if acl.resource_type == T.EC2_DEFAULT_NETWORK_ACL:
            vpcs = [vpc for vpc in of_type(args.resources, T.EC2_VPC) if acl in _default_acl_of(vpc, [acl])]
            members = [s for s in subnets for vpc in vpcs if refers_to(s, "vpcId", vpc, ("id",))]
            if any(not _explicitly_associated(subnet, args.resources) for subnet in members):
                continue  # AWS associates every subnet no other ACL claims with the default one
        yield Violation(f"network ACL {acl.name} is associated with no subnet", acl.urn)


POLICIES = [network_acl_no_admin_ingress, vpc_default_network_acl_adopted, network_acl_in_use]
