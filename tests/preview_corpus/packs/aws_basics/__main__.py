"""A few guardrails of the kind teams write first, over the example-shaped programs."""

import json

from pulumi_policy import (
    EnforcementLevel,
    PolicyPack,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)


def no_public_read(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if args.resource_type != "aws:s3/bucketPolicy:BucketPolicy":
        return
    for statement in json.loads(args.props["policy"]).get("Statement", []):
        if statement.get("Effect") == "Allow" and statement.get("Principal") in ("*", {"AWS": "*"}):
            report("the bucket policy lets anyone read objects")


def no_ssh_from_world(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if args.resource_type != "aws:ec2/securityGroup:SecurityGroup":
        return
    for rule in args.props.get("ingress") or []:
        if rule["fromPort"] <= 22 <= rule["toPort"] and "0.0.0.0/0" in (rule.get("cidrBlocks") or []):
            report("port 22 is open to 0.0.0.0/0")


def current_runtime(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if args.resource_type == "aws:lambda/function:Function" and args.props["runtime"] not in (
        "python3.12",
        "python3.13",
    ):
        report(f"runtime {args.props['runtime']} is not current")


def small_services(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if args.resource_type == "aws:ecs/service:Service" and args.props.get("desiredCount", 1) > 2:
        report(f"desiredCount {args.props['desiredCount']:g} is above 2")


def no_public_instances(args: StackValidationArgs, report: ReportViolation) -> None:
    for resource in args.resources:
        if resource.resource_type == "aws:ec2/instance:Instance" and resource.props["publicIp"]:
            report(f"{resource.name} has a public IP", resource.urn)


PolicyPack(
    name="aws-basics",
    enforcement_level=EnforcementLevel.ADVISORY,
    policies=[
        ResourceValidationPolicy(
            name="s3-no-public-read",
            description="Bucket policies grant no anonymous read.",
            validate=no_public_read,
            enforcement_level=EnforcementLevel.MANDATORY,
        ),
        ResourceValidationPolicy(
            name="ec2-no-ssh-from-world",
            description="Security groups keep SSH closed to the internet.",
            validate=no_ssh_from_world,
            enforcement_level=EnforcementLevel.MANDATORY,
        ),
        ResourceValidationPolicy(
            name="lambda-current-runtime", description="Functions run a current Python.", validate=current_runtime
        ),
        ResourceValidationPolicy(
            name="ecs-small-services", description="Services start small.", validate=small_services
        ),
        StackValidationPolicy(
            name="ec2-no-public-instances", description="Instances get no public IP.", validate=no_public_instances
        ),
    ],
)
