"""Interface VPC endpoints for the AWS APIs FSBP names (EC2.10, EC2.55-58, EC2.60).

Each control fails a VPC without an interface endpoint for one service. This project deploys none of them (the
functions call none of those APIs; catalogue.yaml records the decision and its cost), so the policy is advisory
by default: a stack whose code calls one of these services adds the endpoint and makes the policy mandatory.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pulumi_policy import PolicyResource, Severity, StackValidationArgs

from fraud_guardrails import types as T
from fraud_guardrails.links import configured, is_unresolved, of_type
from fraud_guardrails.metadata import ADVISORY, Undecided, Violation, stack_rule, string_list
from fraud_guardrails.network import vpc_label, vpc_members
from fraud_guardrails.props import UNKNOWN

# Service name suffix (com.amazonaws.<region>.<suffix>) per control.
SERVICES = {
    "ec2": "EC2.10",
    "ecr.api": "EC2.55",
    "ecr.dkr": "EC2.56",
    "ssm": "EC2.57",
    "ssm-contacts": "EC2.58",
    "ssm-incidents": "EC2.60",
}


def _service(endpoint: PolicyResource) -> Any:
    """The service an endpoint serves (`ecr.api`), UNKNOWN when set from an output preview does not know yet."""
    name = configured(endpoint, "serviceName")
    if not isinstance(name, str):
        return name
    parts = name.split(".", 3)
    return parts[3] if len(parts) == 4 and parts[0] == "com" else name


@stack_rule(
    name="aws-ec2-vpc-interface-endpoints",
    description="Every VPC has interface endpoints for the EC2, ECR (API and Docker registry), Systems Manager and "
    "Incident Manager (contacts and incidents) APIs.",
    severity=Severity.MEDIUM,
    enforcement=ADVISORY,
    remediation='Declare aws.ec2.VpcEndpoint(vpc_id=vpc.id, service_name=f"com.amazonaws.{region}.<service>", '
    'vpc_endpoint_type="Interface", private_dns_enabled=True, subnet_ids=[...], security_group_ids=[...]) for each '
    "service the stack's code calls, or record the decision not to (catalogue.yaml).",
    fsbp=tuple(SERVICES.values()),
    config={"requiredServices": string_list(list(SERVICES), "Services every VPC needs an interface endpoint for.")},
)
def vpc_interface_endpoints(args: StackValidationArgs, cfg: Mapping[str, Any]) -> Iterator[Violation | Undecided]:
    endpoints = of_type(args.resources, T.EC2_VPC_ENDPOINT)
    unresolved = [endpoint.name for endpoint in endpoints if is_unresolved(endpoint, "vpcId")]
    if unresolved:
        yield Undecided(f"which VPC {', '.join(unresolved)} serves")
        return
    for vpc in of_type(args.resources, T.EC2_VPC):
        members = vpc_members(vpc, endpoints)
        # Not set, the type is Gateway (an unknown output in a preview): only a type set from an output is undecided.
        kinds = [(configured(endpoint, "vpcEndpointType"), _service(endpoint)) for endpoint in members]
        served = {service for kind, service in kinds if kind == "Interface"}
        missing = [service for service in cfg["requiredServices"] if service not in served]
        if missing and any(kind is UNKNOWN or (kind == "Interface" and service is UNKNOWN) for kind, service in kinds):
            yield Undecided(f"the types or services of VPC {vpc_label(vpc)}'s endpoints")
        elif missing:
            controls = ", ".join(SERVICES.get(service, "?") for service in missing)
            yield Violation(
                f"VPC {vpc_label(vpc)} has no interface endpoint for {', '.join(missing)} ({controls})", vpc.urn
            )


POLICIES = [vpc_interface_endpoints]
