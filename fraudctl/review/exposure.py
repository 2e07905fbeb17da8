"""Network exposure: what is reachable from the internet and how it is protected, and what stays private."""

from __future__ import annotations

from .exposure_api import _num, api_entry_points
from .links import StackGraph
from .model_sections import Exposure
from .state import StackResource, json_value

VPC = "aws:ec2/vpc:Vpc"
SUBNET = "aws:ec2/subnet:Subnet"
INTERNET_GATEWAYS = (
    "aws:ec2/internetGateway:InternetGateway",
    "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway",
)
NAT_GATEWAY = "aws:ec2/natGateway:NatGateway"
ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint"
SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup"
DEFAULT_SG = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
INGRESS_RULE, EGRESS_RULE = (
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
)
SG_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule"
FUNCTION = "aws:lambda/function:Function"
PERMISSION = "aws:lambda/permission:Permission"
BUCKET_PAB = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
RESOURCE_POLICIES = ("aws:sns/topicPolicy:TopicPolicy", "aws:sqs/queuePolicy:QueuePolicy")


def exposure(graph: StackGraph, region: str) -> Exposure:
    return Exposure(
        internet=tuple(sorted(api_entry_points(graph, region), key=lambda e: (e.kind, e.name))),
        private_network=tuple(_network(graph)),
        invoke_grants=tuple(sorted(_grant(graph, p) for p in graph.state.of_type(PERMISSION))),
        not_public=tuple(_not_public(graph)),
    )


def _network(graph: StackGraph) -> list[str]:
    state = graph.state
    facts = [f"VPC {v.name} {v.get('cidrBlock', '')}".rstrip() for v in state.of_type(VPC)]
    gateways = state.of_type(*INTERNET_GATEWAYS, NAT_GATEWAY)
    if state.of_type(VPC) and not gateways:
        facts.append("no internet gateway and no NAT gateway: the VPC has no route to or from the internet")
    facts += [f"{g.type.rsplit(':', 1)[-1]} {g.name}: a path to the internet" for g in gateways]
    for subnet in state.of_type(SUBNET):
        public = "assigns public IPs" if subnet.get("mapPublicIpOnLaunch") else "no public IPs"
        facts.append(
            f"subnet {subnet.name} {subnet.get('cidrBlock', '')} in {subnet.get('availabilityZone', '?')}: {public}"
        )
    for endpoint in state.of_type(ENDPOINT):
        facts.append(
            f"{endpoint.get('vpcEndpointType', 'Gateway')} endpoint {endpoint.name} to {endpoint.get('serviceName')}"
        )
    for group in state.of_type(DEFAULT_SG):
        rules = len(group.get("ingress", []) or []) + len(group.get("egress", []) or [])
        facts.append(
            f"default security group {group.name}: " + ("closed (no rules)" if not rules else f"{rules} rules")
        )
    for group in state.of_type(SECURITY_GROUP):
        facts.append(_security_group(graph, group))
    functions = state.of_type(FUNCTION)
    in_vpc = [f for f in functions if f.get("vpcConfig.subnetIds")]
    if functions:
        facts.append(f"Lambda functions in the VPC: {len(in_vpc)} of {len(functions)}")
    return facts


def _security_group(graph: StackGraph, group: StackResource) -> str:
    ingress = [_rule(r) for r in group.get("ingress", []) or [] if isinstance(r, dict)]
    egress = [_rule(r) for r in group.get("egress", []) or [] if isinstance(r, dict)]
    for rule in graph.referrers(group, [INGRESS_RULE, EGRESS_RULE, SG_RULE], "securityGroupId"):
        text = _rule(rule.props, graph, rule)
        is_ingress = rule.type == INGRESS_RULE or (rule.type == SG_RULE and rule.get("type") == "ingress")
        (ingress if is_ingress else egress).append(text)
    inbound = "ingress: " + ("; ".join(sorted(ingress)) if ingress else "none")
    outbound = "egress: " + ("; ".join(sorted(egress)) if egress else "none")
    return f"security group {group.name}: {inbound}; {outbound}"


def _rule(rule: dict, graph: StackGraph | None = None, resource: StackResource | None = None) -> str:
    protocol = rule.get("ipProtocol") or rule.get("protocol") or "?"
    ports = f"{_num(rule.get('fromPort'))}-{_num(rule.get('toPort'))}" if rule.get("fromPort") is not None else "all"
    target = (
        rule.get("cidrIpv4")
        or rule.get("cidrIpv6")
        or ", ".join(rule.get("cidrBlocks") or [])
        or rule.get("prefixListId")
        or rule.get("referencedSecurityGroupId")
        or "?"
    )
    if graph is not None and resource is not None and rule.get("prefixListId"):
        endpoints = graph.referenced(resource, "prefixListId", ENDPOINT)
        target = f"{target} ({endpoints[0].get('serviceName')})" if endpoints else target
    return f"{protocol} {ports} {target}"


def _grant(graph: StackGraph, permission: StackResource) -> str:
    functions = graph.referenced(permission, "function", FUNCTION)
    function = functions[0].name if functions else str(permission.get("function", "?"))
    source = permission.get("sourceArn")
    scope = f"only from {source}" if source else "from any source ARN"
    account = permission.get("sourceAccount")
    scope += f", account {account}" if account else ""
    return f"{function} invocable by {permission.get('principal', '?')} ({permission.get('action', '?')}) {scope}"


def _not_public(graph: StackGraph) -> list[str]:
    facts = []
    for block in graph.state.of_type(BUCKET_PAB):
        flags = ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")
        on = sum(bool(block.get(flag)) for flag in flags)
        facts.append(f"bucket {block.get('bucket', block.name)}: public access block {on} of 4 settings on")
    for policy in graph.state.of_type(*RESOURCE_POLICIES):
        document = json_value(policy.get("policy"))
        principals = sorted(_principals(document)) if isinstance(document, dict) else ["(known after deployment)"]
        facts.append(f"{policy.type.rsplit(':', 1)[-1]} {policy.name}: allows {', '.join(principals) or 'no one'}")
    return facts


def _principals(document: dict) -> set[str]:
    found: set[str] = set()
    raw = document.get("Statement", [])
    for statement in raw if isinstance(raw, list) else [raw]:
        if isinstance(statement, dict) and statement.get("Effect") == "Allow":
            principal = statement.get("Principal")
            if isinstance(principal, dict):
                for value in principal.values():
                    found.update(value if isinstance(value, list) else [str(value)])
            elif principal is not None:
                found.add(f"{principal} (anyone)")
    return found
