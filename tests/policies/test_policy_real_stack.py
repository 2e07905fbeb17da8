"""The real program (infra/), run offline under the project's mocks with the dev stack's policy config.

Every mandatory policy passes, and the advisory findings are exactly the deviations catalogue.yaml records for dev:
an exception the catalogue does not list, or one the stack no longer needs, fails here.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from typing import Any

import pytest
from fraud_guardrails import controls
from fraud_guardrails.catalog import policies_of
from fraud_guardrails.pack import rules
from pack_harness import PACK_DIR, REPO, analyze_program_run, violations

runner = pytest.importorskip("fraudctl.program.runner", reason="the offline program runner is not available")

STACK = "dev"


@functools.cache
def program_run() -> Any:
    if not (REPO / "infra" / "__main__.py").exists():
        pytest.skip("no program in infra/")
    return runner.run_program(REPO, STACK)


def stack_config() -> dict[str, Any]:
    return json.loads((PACK_DIR / "config" / f"{STACK}.json").read_text())


def expected_advisories() -> set[str]:
    """The policies of the controls dev deviates from (unscoped deviations: the policy reports them)."""
    catalogue, named = controls.load(), policies_of(rules())
    return {
        policy
        for control in catalogue.controls
        if (deviation := control.deviation(STACK)) is not None and not deviation.scope
        for policy in named[control.id]
    }


def test_the_real_stack_has_no_mandatory_violation(pack_policies: list) -> None:
    found = analyze_program_run(program_run(), pack_policies, stack_config())
    mandatory = [d for d in found if d.level == "mandatory"]
    assert mandatory == [], "\n".join(f"{d.policy} {d.resource_name}: {d.message}" for d in mandatory)
    crashed = [d for d in found if "could not evaluate" in d.message]
    assert crashed == []


def test_advisories_on_the_real_stack_are_the_recorded_deviations(pack_policies: list) -> None:
    found = violations(analyze_program_run(program_run(), pack_policies, stack_config()))
    advisory = {d.policy for d in found if d.level == "advisory"}
    assert advisory == expected_advisories()
    assert "aws-dynamodb-table-deletion-protection" in advisory
    assert "aws-lambda-function-supported-runtime" not in advisory  # python3.13: supported until 2029-06-30


def test_the_real_stack_is_what_the_policies_expect(pack_policies: list) -> None:
    # Guard against a silent pass: the stack has the resources the spec policies are about.
    types = {res.type for res in program_run().resources}
    for token in (
        "aws:lambda/function:Function",
        "aws:dynamodb/table:Table",
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "aws:apigateway/methodSettings:MethodSettings",
        "aws:cloudwatch/metricAlarm:MetricAlarm",
        "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl",
        "pulumi:providers:aws",
    ):
        assert token in types


REMOVALS = [
    ("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "", "aws-s3-bucket-sse"),
    ("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "", "aws-s3-bucket-public-access-block"),
    ("aws:s3/bucketPolicy:BucketPolicy", "", "aws-s3-bucket-tls-only"),
    ("aws:s3/bucketLogging:BucketLogging", "", "aws-s3-bucket-access-logging"),
    ("aws:cloudwatch/logGroup:LogGroup", "transaction-processor", "aws-lambda-function-log-group"),
    (
        "aws:cloudwatch/metricAlarm:MetricAlarm",
        "fraud-analyzer-error-rate",
        "aws-cloudwatch-metricalarm-lambda-error-rate",
    ),
    ("aws:wafv2/webAclAssociation:WebAclAssociation", "", "aws-apigateway-stage-waf"),
    ("aws:apigateway/methodSettings:MethodSettings", "", "aws-apigateway-stage-method-settings"),
    ("aws:apigateway/account:Account", "", "aws-apigateway-account-cloudwatch-role"),
    ("aws:ec2/flowLog:FlowLog", "", "aws-ec2-vpc-flow-logs"),
    ("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "", "aws-ec2-vpc-default-security-group-closed"),
    ("aws:ec2/defaultNetworkAcl:DefaultNetworkAcl", "", "aws-ec2-vpc-default-network-acl-adopted"),
]


@pytest.mark.parametrize(("type_token", "name_part", "policy_name"), REMOVALS, ids=[p for _, _, p in REMOVALS])
def test_stack_policies_see_the_real_links(
    type_token: str, name_part: str, policy_name: str, pack_policies: list
) -> None:
    # Dropping a resource from the real stack must make the stack policy about it fire: proof that the policy
    # found that resource through the real stack's references, not by luck.
    run = program_run()
    gone = next(res for res in run.resources if res.type == type_token and name_part in res.name)
    reduced = dataclasses.replace(run, resources=tuple(res for res in run.resources if res is not gone))
    policy = next(p for p in pack_policies if p.name == policy_name)
    fired = [d for d in analyze_program_run(reduced, [policy]) if not d.cannot_run]
    assert fired, f"removing {gone.name} went unnoticed by {policy_name}"


def test_the_real_topic_logs_delivery_status_and_its_logs_expire(pack_policies: list) -> None:
    run = program_run()
    topic = next(res for res in run.resources if res.type == "aws:sns/topic:Topic")
    roles = {topic.outputs.get(f"{p}FailureFeedbackRoleArn") for p in ("http", "lambda", "sqs")}
    assert len(roles) == 1 and None not in roles
    groups = [
        res.outputs
        for res in run.resources
        if res.type == "aws:cloudwatch/logGroup:LogGroup" and str(res.outputs.get("name", "")).startswith("sns/")
    ]
    assert sorted(g["name"].rsplit("/", 1)[-1] for g in groups) == ["Failure", "fraud-detection-dev-alarms"]
    assert {g["retentionInDays"] for g in groups} == {7}
