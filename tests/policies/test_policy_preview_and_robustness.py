"""Preview-time unknowns, secrets and malformed properties: the pack must neither crash nor raise false alarms."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from pack_harness import UNKNOWN, Stack, analyze, secret, violations

UNKNOWN_LIST = "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2"
SIGNATURE = "4dabf18193072939515e22adb298388d"


# Where the unknowns as_in_preview makes come from, for the properties whose baseline declares no dependency: the SDK
# records one for every input set from an output, and the pack tells set-but-unknown from unset by it.
SOURCES = {
    ("network-flow-logs-policy", "policy"): "network-flow-logs",
    ("network-flow-logs-policy", "role"): "network-flow-logs-role",
    ("network-flow-log", "logDestination"): "network-flow-logs",
    **{(f"{fn}-policy", "policy"): "data-transactions" for fn in ("transaction-processor", "fraud-analyzer")},
    ("report-generator-policy", "policy"): "data-reports",
    ("api-cloudwatch-policy", "policy"): "api-cloudwatch-role",
    ("api-cloudwatch-policy", "role"): "api-cloudwatch-role",
    ("api-post-invoke", "sourceArn"): "api-rest-api",
    ("api-get-invoke", "sourceArn"): "api-rest-api",
    ("events-analyzer-on-failure-policy", "policy"): "events-analyzer-on-failure",
    ("events-analyzer-on-failure-policy", "role"): "fraud-analyzer-role",
    ("events-daily-report-invoke", "sourceArn"): "events-daily-report",
    ("events-transactions-stream", "eventSourceArn"): "data-transactions",
    ("monitoring-alarms", "kmsMasterKeyId"): "monitoring-alarms-key",
    ("monitoring-alarms-feedback-policy", "policy"): "monitoring-alarms-feedback-role",
    ("monitoring-alarms-feedback-policy", "role"): "monitoring-alarms-feedback-role",
    ("monitoring-alarms-policy", "policy"): "monitoring-alarms",
    ("api-execution-logs", "name"): "api-rest-api",
}


def from_output(stack: Stack, name: str, path: str, value: Any = UNKNOWN) -> None:
    """Set `path` as the program sets it from another resource's output: unknown, with a property dependency."""
    key = path.split(".")[0]
    source = SOURCES.get((name, key))
    assert source or key in stack[name].deps, f"{name}.{key}: say in SOURCES which resource the value comes from"
    stack.from_output(name, path, source or "", value)


def as_in_preview(stack: Stack) -> Stack:
    """What a first `pulumi preview` sees: every value computed from another resource's output is unknown."""
    for res in list(stack.resources.values()):
        for key in ("policy",):
            if key in res.props and res.type != "aws:kms/key:Key":
                from_output(stack, res.name, key)  # documents built from ARNs
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
                from_output(stack, res.name, key)
        res.outputs = {key: UNKNOWN for key in res.outputs}  # ids and ARNs of resources being created
    for name in ("transaction-processor", "fraud-analyzer", "report-generator"):
        from_output(stack, name, "vpcConfig.subnetIds", UNKNOWN_LIST)
        from_output(stack, name, "vpcConfig.securityGroupIds", [UNKNOWN])
    from_output(stack, "events-transactions-stream", "destinationConfig.onFailure.destinationArn")
    from_output(stack, "events-transactions-stream", "eventSourceArn")
    from_output(stack, "api-stage", "accessLogSettings.destinationArn")
    from_output(stack, "api-execution-logs", "name")
    from_output(stack, "monitoring-transaction-processor-error-rate", "alarmActions", [UNKNOWN])
    from_output(stack, "monitoring-fraud-analyzer-error-rate", "metricQueries.0.metric.dimensions.FunctionName")
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
