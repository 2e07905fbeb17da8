"""Per-stack config through the engine's Configure call: values and enforcement levels change what fires."""

from __future__ import annotations

from typing import Any

import pytest
from pack_harness import Stack, analyze, violations

CASES: list[tuple[str, dict[str, Any], str]] = [
    ("aws-lambda-function-runtime", {"allowedRuntimes": ["python3.12"]}, "fraud-analyzer"),
    ("aws-lambda-function-reserved-concurrency", {"reservedConcurrency": 50}, "report-generator"),
    ("aws-lambda-function-timeout", {"timeoutSeconds": 60}, "transaction-processor"),
    ("aws-lambda-function-vpc-multi-az", {"minAvailabilityZones": 3}, "fraud-analyzer"),
    ("aws-lambda-eventsourcemapping-failure-handling", {"maxRetryAttempts": 2}, "events-transactions-stream"),
    ("aws-dynamodb-table-billing-mode", {"billingMode": "PROVISIONED"}, "data-transactions"),
    ("aws-dynamodb-table-stream", {"exemptTables": []}, "data-idempotency"),
    ("aws-dynamodb-table-stream", {"streamViewType": "KEYS_ONLY"}, "data-transactions"),
    ("aws-cloudwatch-loggroup-retention", {"retentionInDays": 14}, "network-flow-logs"),
    ("aws-cloudwatch-metricalarm-lambda-error-rate", {"thresholdPercent": 5}, "report-generator"),
    ("aws-s3-bucket-sse", {"sseAlgorithm": "aws:kms"}, "data-reports-sse"),
    ("aws-tagging-resource-required-tags", {"requiredTags": ["Environment", "Owner"]}, "data-transactions"),
    ("aws-apigateway-methodsettings-throttling", {"maxRateLimit": 500}, "api-all-methods"),
    ("aws-apigateway-methodsettings-throttling", {"maxBurstLimit": 1000}, "api-all-methods"),
    ("aws-apigateway-methodsettings-logging-level", {"loggingLevel": "ERROR"}, "api-all-methods"),
    ("aws-apigateway-method-authorization", {"exemptHttpMethods": []}, "api-post-method"),
    ("aws-provider-region-allowed", {"allowedRegions": ["eu-west-1"]}, "aws-us-east-2"),
    ("aws-iam-policy-no-wildcard-resources", {"wildcardResourceActions": []}, "fraud-analyzer-policy"),
    ("aws-iam-policy-no-wildcard-resources", {"wildcardResourceActions": []}, "network-flow-logs-policy"),
    ("aws-iam-policy-no-privilege-escalation", {"deniedActions": ["dynamodb:Query"]}, "report-generator-policy"),
]


def options_only(baseline_stack: Stack) -> None:
    """Both methods become unauthenticated OPTIONS methods: compliant only while OPTIONS is exempt."""
    for method in ("api-get-method", "api-post-method"):
        baseline_stack.set(method, "httpMethod", "OPTIONS").set(method, "apiKeyRequired", False)


PREPARE = {"aws-apigateway-method-authorization": options_only}


@pytest.mark.parametrize(("name", "config", "where"), CASES, ids=[f"{n}{c}" for n, c, _ in CASES])
def test_a_stricter_value_makes_the_baseline_fire(
    name: str, config: dict[str, Any], where: str, baseline_stack: Stack, pack_policies: list
) -> None:
    policy = next(p for p in pack_policies if p.name == name)
    PREPARE.get(name, lambda _: None)(baseline_stack)
    assert violations(analyze(baseline_stack, [policy])) == []
    found = violations(analyze(baseline_stack, [policy], config={name: config}))
    assert where in {d.resource_name for d in found}, [(d.resource_name, d.message) for d in found]


def test_an_environment_can_set_its_own_value(baseline_stack: Stack, pack_policies: list) -> None:
    policy = next(p for p in pack_policies if p.name == "aws-lambda-function-timeout")
    baseline_stack.set("transaction-processor", "timeout", 120)
    assert "transaction-processor" in {d.resource_name for d in analyze(baseline_stack, [policy])}
    relaxed = analyze(baseline_stack, [policy], config={policy.name: {"timeoutSeconds": 120}})
    assert "transaction-processor" not in {d.resource_name for d in relaxed}


@pytest.mark.parametrize("level", ["mandatory", "advisory", "disabled"])
def test_levels_can_be_set_per_policy(level: str, baseline_stack: Stack, pack_policies: list) -> None:
    baseline_stack.set("data-transactions", "deletionProtectionEnabled", False)
    policy = next(p for p in pack_policies if p.name == "aws-dynamodb-table-deletion-protection")
    found = analyze(baseline_stack, [policy], config={policy.name: {"enforcementLevel": level}})
    assert [d.level for d in found] == ([] if level == "disabled" else [level])


def test_the_access_log_bucket_may_be_exempted_from_versioning(baseline_stack: Stack, pack_policies: list) -> None:
    """Versioned by default (its logs are evidence, as Checkov CKV_AWS_21 holds); a stack may exempt it by config."""
    policy = next(p for p in pack_policies if p.name == "aws-s3-bucket-versioning")
    baseline_stack.set("data-access-logs-versioning", "versioningConfiguration.status", "Suspended")
    assert {d.resource_name for d in analyze(baseline_stack, [policy])} == {"data-access-logs"}
    assert analyze(baseline_stack, [policy], config={policy.name: {"exemptAccessLogTargets": True}}) == []
