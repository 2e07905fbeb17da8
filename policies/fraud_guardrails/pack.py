"""The pack's identity and its policies, gathered from one module per AWS service."""

from __future__ import annotations

from pulumi_policy import Policy

from fraud_guardrails import (
    apigateway,
    cloudwatch,
    dynamodb,
    iam,
    iam_kms,
    kms,
    lambda_,
    lambda_runtimes,
    messaging,
    network,
    network_acls,
    network_endpoints,
    provider,
    s3,
    s3_grants,
    s3_notifications,
    tagging,
    waf,
)
from fraud_guardrails.metadata import Rule

PACK_NAME = "fraud-detection-guardrails"
DESCRIPTION = (
    "Guardrails of the fraud-detection stack: the system spec's settings (runtime, concurrency, timeouts, billing, "
    "streams, retention, encryption, tags, throttling, region, alarms, least privilege) and AWS FSBP controls."
)
SERVICES = (
    provider,
    tagging,
    lambda_,
    lambda_runtimes,
    dynamodb,
    cloudwatch,
    s3,
    s3_grants,
    s3_notifications,
    apigateway,
    waf,
    iam,
    iam_kms,
    messaging,
    kms,
    network,
    network_acls,
    network_endpoints,
)


def rules() -> list[Rule]:
    declared = [rule for service in SERVICES for rule in service.POLICIES]
    names = [rule.name for rule in declared]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ValueError(f"policy names must be unique: {duplicates}")
    return declared


def policies() -> list[Policy]:
    return [rule.to_policy() for rule in rules()]
