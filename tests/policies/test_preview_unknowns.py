"""Every policy of the pack through a first `pulumi preview`'s unknowns, on the product's engine path.

In a preview the engine sends AnalyzeStack every output property of a resource still to be created; those the program
did not set and the provider computes are unknown (`wire.output_struct`). A policy that took one of them for
configuration would pass a non-compliant stack in silence, as two did (a bucket's inline `logging`, a stage's
`webAclArn`). Here every control case and every mutation runs through fraudctl's policy engine into the pack's own
process (preview_engine.py) as a first preview sends it: each violating case must still fire, each compliant one
still pass, and none may hide behind the SDK's "can't run during preview" note. Then what the program sets from other
resources' outputs (unknown, yet configured), the baseline with every such reference unknown, and the real program.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from control_cases import CASES
from fraud_guardrails import types as T
from fraud_guardrails.catalog import policies_of
from fraud_guardrails.pack import rules
from pack_harness import UNKNOWN, Diag, Res, Stack
from preview_engine import PreviewPack, first_preview_of
from test_policy_mutations import MUTATIONS
from test_policy_preview_and_robustness import as_in_preview
from test_policy_real_stack import REMOVALS, expected_advisories, stack_config

from fraudctl.program.model import ProgramRun

pytestmark = pytest.mark.slow

NAMED = policies_of(rules())
ALL = [rule.name for rule in rules()]


@pytest.fixture(scope="module")
def preview_pack(stack: ProgramRun) -> Iterator[PreviewPack]:
    # `stack` first: schema.output_names imports single pulumi_aws modules, and a program run in this process after
    # that no longer finds e.g. aws.ec2.DefaultSecurityGroup (a fraudctl import-order quirk, reported).
    with PreviewPack() as pack:
        yield pack


def shown(found: list[Diag]) -> list[tuple[str, str, str]]:
    return [(d.policy, d.resource_name, d.message) for d in found]


def _cases() -> list[Any]:
    params = [
        pytest.param(
            tuple(NAMED[control]),
            case.change,
            case.config,
            case.where if case.fails else None,
            id=f"{control}[{'fails' if case.fails else 'passes'}: {case.what}]",
        )
        for control, cases in CASES.items()
        for case in cases
    ]
    params += [
        pytest.param((name,), mutate, {}, where, id=f"{name}[fails: {change}]")
        for name, entries in MUTATIONS.items()
        for change, mutate, where in entries
    ]
    return params


@pytest.mark.parametrize(("policies", "change", "config", "where"), _cases())
def test_case_in_a_first_preview(
    policies: tuple[str, ...],
    change: Callable[[Stack], Any],
    config: dict[str, Any],
    where: str | None,
    baseline_stack: Stack,
    preview_pack: PreviewPack,
) -> None:
    change(baseline_stack)
    found = preview_pack.analyze(baseline_stack, policies, config)
    # The program writes these values: a first preview knows every one a verdict needs, so no note either.
    assert not any(d.cannot_run or "could not evaluate" in d.message for d in found), shown(found)
    if where is None:
        assert found == [], shown(found)
    else:
        assert where in {d.resource_name for d in found}, shown(found)
        assert {d.policy for d in found} <= set(policies), shown(found)


def test_the_baseline_is_silent_in_a_first_preview(baseline_stack: Stack, preview_pack: PreviewPack) -> None:
    found = preview_pack.analyze(baseline_stack, ALL)
    assert found == [], shown(found)


@dataclass(frozen=True)
class FromOutput:
    """A property the program sets from another resource's output: configured, though unknown in a preview."""

    policy: str
    what: str
    change: Callable[[Stack], Any]
    fires: str | None = None  # a known violation still reported beside the note
    undecided: bool = True  # a value decides the verdict: the SDK's note; False: its presence does, a pass
    config: dict[str, Any] = field(default_factory=dict)


def _spare_acl(stack: Stack) -> None:
    stack.add(Res(T.EC2_NETWORK_ACL, "spare-nacl", {"vpcId": "vpc-1"}, deps={"vpcId": ["network-vpc"]}))
    stack.from_output("spare-nacl", "subnetIds", "network-private-0", [UNKNOWN])


def _inline_logging(stack: Stack) -> None:
    stack.drop("data-reports-access-logging")
    stack.from_output("data-reports", "logging", "data-access-logs", {"targetBucket": UNKNOWN, "targetPrefix": "a/"})


def _admin_check_attachment(stack: Stack) -> None:
    stack.add(Res(T.IAM_ROLE_POLICY_ATTACHMENT, "analyzer-extra", {"role": "fraud-analyzer-dev-role"}))
    stack.from_output("analyzer-extra", "policyArn", "fraud-analyzer-policy")


FROM_OUTPUTS = [
    FromOutput("aws-s3-bucket-access-logging", "inline logging to the log bucket's name", _inline_logging, None, False),
    FromOutput(
        "aws-apigateway-account-cloudwatch-role",
        "the role's ARN",
        lambda s: s.from_output("api-account", "cloudwatchRoleArn", "api-cloudwatch-role"),
        undecided=False,
    ),
    FromOutput("aws-ec2-networkacl-in-use", "an ACL's subnets from their ids", _spare_acl, undecided=False),
    FromOutput(
        "aws-s3-bucket-event-notifications",
        "the topics list",
        lambda s: s.from_output("data-reports-notifications", "topics", "monitoring-alarms"),
        undecided=False,
    ),
    FromOutput(
        "aws-lambda-function-log-group",
        "the log group's name in loggingConfig",
        lambda s: s.from_output("fraud-analyzer", "loggingConfig.logGroup", "fraud-analyzer-logs"),
        undecided=False,
    ),
    FromOutput(
        "aws-apigateway-stage-waf",
        "the association's stage ARN",
        lambda s: s.from_output("api-waf-association", "resourceArn", "api-stage"),
        undecided=False,
    ),
    FromOutput(
        "aws-sns-topic-encryption",
        "the key's ARN",
        lambda s: s.from_output("monitoring-alarms", "kmsMasterKeyId", "monitoring-alarms-key"),
        undecided=False,
    ),
    FromOutput("aws-iam-role-no-admin-policy", "a customer policy's ARN", _admin_check_attachment, undecided=False),
    FromOutput(
        "aws-s3-bucket-tls-only",
        "one bucket's policy from its ARN, the other bucket's policy dropped",
        lambda s: s.from_output("data-reports-tls-only", "policy", "data-reports").drop("data-access-logs-tls-only"),
        fires="data-access-logs",
    ),
    FromOutput(
        "aws-s3-bucket-public-access-block",
        "a flag",
        lambda s: s.from_output("data-reports-public-access", "blockPublicAcls", "data-reports"),
    ),
    FromOutput(
        "aws-s3-bucket-versioning",
        "the status",
        lambda s: s.from_output("data-reports-versioning", "versioningConfiguration.status", "data-reports"),
    ),
    FromOutput(
        "aws-s3-bucket-lifecycle",
        "the rules",
        lambda s: s.from_output("data-reports-lifecycle", "rules", "data-reports"),
    ),
    FromOutput(
        "aws-s3-bucket-sse",
        "the rules",
        lambda s: s.from_output("data-reports-sse", "rules", "data-reports"),
    ),
    FromOutput(
        "aws-cloudwatch-metricalarm-lambda-error-rate",
        "the threshold",
        lambda s: s.from_output("monitoring-fraud-analyzer-error-rate", "threshold", "monitoring-alarms"),
    ),
    FromOutput(
        "aws-ec2-vpc-flow-logs",
        "the traffic type",
        lambda s: s.from_output("network-flow-log", "trafficType", "network-vpc"),
    ),
    FromOutput(
        "aws-wafv2-webacl-logging",
        "the redacted fields",
        lambda s: s.from_output("api-waf-logging", "redactedFields", "api-waf"),
    ),
    FromOutput(
        "aws-lambda-function-vpc-multi-az",
        "a subnet's AZ",
        lambda s: s.from_output("network-private-1", "availabilityZone", "network-vpc"),
    ),
    FromOutput(
        "aws-sqs-queue-encryption",
        "SSE-SQS on or off",
        lambda s: s.from_output("events-analyzer-on-failure", "sqsManagedSseEnabled", "data-transactions"),
    ),
    FromOutput(
        "aws-lambda-eventsourcemapping-failure-handling",
        "the retries, bisection off",
        lambda s: s.from_output("events-transactions-stream", "maximumRetryAttempts", "data-transactions").set(
            "events-transactions-stream", "bisectBatchOnFunctionError", False
        ),
        fires="events-transactions-stream",
    ),
    FromOutput(
        "aws-dynamodb-table-stream",
        "the name of a table without a stream",
        lambda s: s.from_output("data-idempotency", "name", "data-transactions").set(
            "data-idempotency", "streamEnabled", False
        ),
    ),
    FromOutput(
        "aws-lambda-function-no-secrets-in-env",
        "a secret-named variable (the secret, or its ARN)",
        lambda s: s.from_output("transaction-processor", "environment.variables.DB_PASSWORD", "data-transactions"),
    ),
    FromOutput(
        "aws-wafv2-webacl-managed-rule-groups",
        "the rules",
        lambda s: s.from_output("api-waf", "rules", "api-waf-logs"),
    ),
    FromOutput(
        "aws-ec2-securitygroup-no-open-ingress",
        "a group's inline ingress",
        lambda s: s.from_output("network-functions-sg", "ingress", "network-vpc"),
    ),
    FromOutput(
        "aws-provider-region-allowed",
        "a resource's own region",
        lambda s: s.from_output("data-transactions", "region", "aws-us-east-2"),
    ),
]


@pytest.mark.parametrize("case", FROM_OUTPUTS, ids=[f"{c.policy}[{c.what}]" for c in FROM_OUTPUTS])
def test_a_value_set_from_an_output_is_configuration(
    case: FromOutput, baseline_stack: Stack, preview_pack: PreviewPack
) -> None:
    case.change(baseline_stack)
    found = preview_pack.analyze(baseline_stack, [case.policy], case.config)
    notes, fired = [d for d in found if d.cannot_run], [d for d in found if not d.cannot_run]
    assert [d.resource_name for d in fired] == ([case.fires] if case.fires else []), shown(found)
    # What it cannot know it says (advisory), never passes silently, never fails on a guess.
    assert bool(notes) == case.undecided, shown(found)
    assert all(d.level == "advisory" for d in notes)


def test_every_reference_unknown_raises_no_violation(baseline_stack: Stack, preview_pack: PreviewPack) -> None:
    found = preview_pack.analyze(as_in_preview(baseline_stack), ALL)
    assert [d for d in found if not d.cannot_run] == [], shown(found)
    assert all(d.level == "advisory" for d in found)


def test_the_real_stack_in_a_first_preview(stack: ProgramRun, preview_pack: PreviewPack) -> None:
    found = preview_pack.analyze_run(first_preview_of(stack), ALL, stack_config())
    assert not any(d.cannot_run or d.level == "mandatory" for d in found), shown(found)
    assert {d.policy for d in found} == expected_advisories()


@pytest.mark.parametrize(("type_token", "name_part", "policy_name"), REMOVALS, ids=[p for _, _, p in REMOVALS])
def test_the_real_stack_without_a_resource_in_a_first_preview(
    type_token: str, name_part: str, policy_name: str, stack: ProgramRun, preview_pack: PreviewPack
) -> None:
    # The real stack's links hold through property dependencies alone: its ids and ARNs are unknown here.
    run = first_preview_of(stack)
    gone = next(res for res in run.resources if res.type == type_token and name_part in res.name)
    reduced = type(run)(**{**run.__dict__, "resources": tuple(res for res in run.resources if res is not gone)})
    found = preview_pack.analyze_run(reduced, [policy_name], stack_config())
    assert [d for d in found if not d.cannot_run], f"removing {gone.name} went unnoticed: {shown(found)}"
