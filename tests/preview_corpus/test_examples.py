"""Programs shaped like the common examples (pulumi/examples, pulumi/templates on pulumi-aws v7): S3 folder website,
API Gateway + Lambda, Fargate with getVpc, an EC2 server with getAmi; their plans, and a pack's verdict on them."""

from __future__ import annotations

import pytest

from fraudctl.program.runner import run_program

from .helpers import PACKS, PROGRAMS, preview

pytestmark = pytest.mark.slow
PACK = f"(local: {PACKS / 'aws_basics'})"


def test_s3_folder_website_uploads_each_file_and_fails_the_public_read_guardrail():
    plain = preview("s3_folder_website")
    assert "aws:s3:BucketObject" in plain.row("index.html") and "aws:s3:BucketObject" in plain.row("style.css")
    assert plain.section("Outputs:")[1] == "    website_url: output<string>"  # computed by S3 at create time
    guarded = preview("s3_folder_website", pack="aws_basics")
    assert guarded.code == 1
    assert guarded.section("Policies:") == [
        f"    ❌ aws-basics@v1.0.0 {PACK}",
        "        - [mandatory]  s3-no-public-read  (aws:s3/bucketPolicy:BucketPolicy: site-policy)",
        "          Bucket policies grant no anonymous read.",
        "          the bucket policy lets anyone read objects",
    ]


def test_api_gateway_and_lambda_pass_and_wire_the_function_into_the_api():
    run = run_program(PROGRAMS / "apigateway_lambda", "dev")
    function = run.by_type("aws:lambda/function:Function")[0]
    integration = run.by_type("aws:apigatewayv2/integration:Integration")[0]
    permission = run.by_type("aws:lambda/permission:Permission")[0]
    assert integration.inputs["integrationUri"] == function.outputs["invokeArn"]
    assert permission.inputs["function"] == function.id
    outcome = preview("apigateway_lambda", pack="aws_basics")
    assert outcome.code == 0 and outcome.section("Policies:") == [f"    ✅ aws-basics@v1.0.0 {PACK}"]
    assert "runtime=python3.12 timeout=10 memorySize=256" in outcome.row("handler")


def test_fargate_finds_the_default_vpc_and_its_subnets_and_gets_an_advisory():
    run = run_program(PROGRAMS / "fargate_vpc", "dev")
    group = run.by_type("aws:ec2/securityGroup:SecurityGroup")[0]
    balancer = run.by_type("aws:lb/loadBalancer:LoadBalancer")[0]
    assert group.inputs["vpcId"].startswith("vpc-") and len(balancer.inputs["subnets"]) == 3
    outcome = preview("fargate_vpc", pack="aws_basics")
    assert outcome.code == 0
    assert outcome.section("Policies:")[1:] == [
        "        - [advisory]  ecs-small-services  (aws:ecs/service:Service: app-svc)",
        "          Services start small.",
        "          desiredCount 3 is above 2",
    ]


def test_ec2_server_uses_the_image_found_and_a_stack_policy_cannot_read_its_future_ip():
    run = run_program(PROGRAMS / "ec2_ami", "dev")
    server = run.by_type("aws:ec2/instance:Instance")[0]
    assert server.inputs["ami"].startswith("ami-") and server.inputs["instanceType"] == "t3.micro"
    plain = preview("ec2_ami")
    assert plain.section("Outputs:") == ["    public_dns: output<string>", "    public_ip : output<string>"]
    guarded = preview("ec2_ami", pack="aws_basics")
    assert guarded.code == 1
    assert guarded.section("Policies:")[1:] == [
        "        - [advisory]  ec2-no-public-instances  (pulumi:pulumi:Stack: ec2_ami-dev)",
        "          can't run policy 'ec2-no-public-instances' from policy pack 'aws-basics@v0.0.1' during preview: "
        "string value at .publicIp can't be known during preview",
        "        - [mandatory]  ec2-no-ssh-from-world  (aws:ec2/securityGroup:SecurityGroup: web-secgrp)",
        "          Security groups keep SSH closed to the internet.",
        "          port 22 is open to 0.0.0.0/0",
    ]
