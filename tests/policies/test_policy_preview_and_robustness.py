"""Preview-time unknowns, secrets and malformed properties: the pack must neither crash nor raise false alarms."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from pack_harness import UNKNOWN, Stack, analyze, secret, violations

UNKNOWN_LIST = "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2"
SIGNATURE = "4dabf18193072939515e22adb298388d"


def as_in_preview(stack: Stack) -> Stack:
    """What a first `pulumi preview` sees: every value computed from another resource's output is unknown."""
    for res in stack.resources.values():
        for key in ("policy",):
            if key in res.props and res.type != "aws:kms/key:Key":
                res.props[key] = UNKNOWN  # documents built from ARNs
        for key in (
            "vpcId",
            "restApi",
            "sourceArn",
            "resourceArn",
            "webAclArn",
            "role",
            "kmsMasterKeyId",
            "logDestination",
        ):
            if key in res.props:
                res.props[key] = UNKNOWN
        res.outputs = {key: UNKNOWN for key in res.outputs}  # ids and ARNs of resources being created
    for name in ("transaction-processor", "fraud-analyzer", "report-generator"):
        stack.set(name, "vpcConfig.subnetIds", UNKNOWN_LIST).set(name, "vpcConfig.securityGroupIds", [UNKNOWN])
    stack.set("events-transactions-stream", "destinationConfig.onFailure.destinationArn", UNKNOWN)
    stack.set("events-transactions-stream", "eventSourceArn", UNKNOWN)
    stack.set("api-stage", "accessLogSettings.destinationArn", UNKNOWN)
    stack.set("api-execution-logs", "name", UNKNOWN)
    stack.set("monitoring-transaction-processor-error-rate", "alarmActions", [UNKNOWN])
    stack.set("monitoring-fraud-analyzer-error-rate", "metricQueries.0.metric.dimensions.FunctionName", UNKNOWN)
    return stack


def test_preview_unknowns_raise_no_mandatory_violation(baseline_stack: Stack, pack_policies: list) -> None:
    found = analyze(as_in_preview(baseline_stack), pack_policies)
    real = violations(found)
    assert real == [], [(d.policy, d.resource_name, d.message) for d in real]
    # What cannot be judged yet is the SDK's advisory note, never a mandatory failure.
    assert all(d.level == "advisory" for d in found)


def test_known_values_are_still_checked_in_preview(baseline_stack: Stack, pack_policies: list) -> None:
    preview = (
        as_in_preview(baseline_stack)
        .set("fraud-analyzer", "runtime", "python3.9")
        .set("api-stage", "xrayTracingEnabled", False)
    )
    fired = {d.policy for d in violations(analyze(preview, pack_policies))}
    assert fired == {
        "aws-lambda-function-runtime",
        "aws-lambda-function-supported-runtime",
        "aws-apigateway-stage-xray",
    }


def test_stack_links_hold_in_preview_through_property_dependencies(baseline_stack: Stack, pack_policies: list) -> None:
    # The S3 configurations' `bucket` is unknown too (a bucket without an explicit name): dependencies still link.
    preview = as_in_preview(baseline_stack)
    for res in preview.resources.values():
        if res.type.startswith("aws:s3/bucket") and res.type != "aws:s3/bucket:Bucket":
            res.props["bucket"] = UNKNOWN
    assert violations(analyze(preview, pack_policies)) == []
    preview.drop("data-reports-public-access")
    fired = violations(analyze(preview, pack_policies))
    assert [(d.policy, d.resource_name) for d in fired] == [("aws-s3-bucket-public-access-block", "data-reports")]


def test_secret_values_are_checked_like_plain_ones(baseline_stack: Stack, pack_policies: list) -> None:
    policy = json.loads(baseline_stack["fraud-analyzer-policy"].props["policy"])
    policy["Statement"][0]["Action"] = "dynamodb:*"
    baseline_stack.set("fraud-analyzer-policy", "policy", secret(json.dumps(policy)))
    baseline_stack.set("transaction-processor", "environment", secret({"variables": {"TABLE_NAME": "t"}}))
    fired = violations(analyze(baseline_stack, pack_policies))
    assert [(d.policy, d.resource_name) for d in fired] == [
        ("aws-iam-policy-no-wildcard-actions", "fraud-analyzer-policy")
    ]


WEIRD_VALUES: list[Any] = [None, "", 0, -1, True, "garbage", [], {}, [None], [{}], {"x": None}, "{not json"]


def _replace_everywhere(value: Any, replacement: Any, depth: int) -> Any:
    if isinstance(value, dict) and SIGNATURE in value:
        return value  # an asset or archive: the wire encoding itself, not a property value
    if depth == 0:
        return copy.deepcopy(replacement)
    if isinstance(value, dict):
        return {k: _replace_everywhere(v, replacement, depth - 1) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace_everywhere(v, replacement, depth - 1) for v in value]
    return copy.deepcopy(replacement)


@pytest.mark.parametrize("depth", [1, 2, 3], ids=["top-level", "nested", "deeper"])
@pytest.mark.parametrize("weird", WEIRD_VALUES, ids=repr)
def test_malformed_properties_never_break_a_check(
    baseline_stack: Stack, pack_policies: list, weird: Any, depth: int
) -> None:
    for res in baseline_stack.resources.values():
        if res.type == "pulumi:providers:aws":
            continue
        res.props = _replace_everywhere(res.props, weird, depth)
        res.outputs = _replace_everywhere(res.outputs, weird, depth)
    crashed = [d for d in analyze(baseline_stack, pack_policies) if "could not evaluate" in d.message]
    assert crashed == [], [(d.policy, d.resource_name, d.message) for d in crashed]


def test_empty_resources_of_every_type_never_break_a_check(baseline_stack: Stack, pack_policies: list) -> None:
    for res in baseline_stack.resources.values():
        res.props, res.outputs, res.deps = {}, {}, {}
    crashed = [d for d in analyze(baseline_stack, pack_policies) if "could not evaluate" in d.message]
    assert crashed == [], [(d.policy, d.resource_name, d.message) for d in crashed]
