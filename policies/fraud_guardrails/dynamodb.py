"""DynamoDB: on-demand billing and the change stream of the spec, point-in-time recovery, deletion protection."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from fnmatch import fnmatchcase
from typing import Any

from pulumi_policy import ResourceValidationArgs, Severity

from fraud_guardrails import types as T
from fraud_guardrails.metadata import ADVISORY, MANDATORY, resource_rule, setting, string_list
from fraud_guardrails.props import describe, get, truthy


@resource_rule(
    name="aws-dynamodb-table-billing-mode",
    description="DynamoDB tables use on-demand capacity (PAY_PER_REQUEST), as the spec sets.",
    severity=Severity.MEDIUM,
    enforcement=MANDATORY,
    remediation='Set billing_mode="PAY_PER_REQUEST" on the aws.dynamodb.Table (and drop read/write capacity).',
    types=(T.DYNAMODB_TABLE,),
    fsbp=("DynamoDB.1",),
    spec=True,
    config={"billingMode": setting("string", "PAY_PER_REQUEST", "Required billing mode.")},
)
def table_billing_mode(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> Iterator[str]:
    mode = get(args.props, "billingMode")
    if mode != cfg["billingMode"]:
        shown = "not set (PROVISIONED)" if mode is None else describe(mode)
        yield f"billingMode is {shown}; expected {cfg['billingMode']!r}"


@resource_rule(
    name="aws-dynamodb-table-stream",
    description="DynamoDB tables stream their changes with NEW_AND_OLD_IMAGES, as the spec sets.",
    severity=Severity.MEDIUM,
    enforcement=MANDATORY,
    remediation='Set stream_enabled=True and stream_view_type="NEW_AND_OLD_IMAGES" on the table.',
    types=(T.DYNAMODB_TABLE,),
    spec=True,
    config={
        "streamViewType": setting("string", "NEW_AND_OLD_IMAGES", "Required stream view type."),
        "exemptTables": string_list(
            ["transactions-idempotency-*"],
            "Table name patterns that need no stream: the idempotency record store has no consumer of its changes.",
        ),
    },
)
def table_stream(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> Iterator[str]:
    problems = _stream_problems(args, cfg)
    if not problems:
        return
    # Only a table that falls short needs its name: one built from another resource's output is unknown in a preview,
    # and whether it is exempt is then not known either (get: the SDK's "can't run during preview" note).
    name = get(args.props, "name")
    if isinstance(name, str) and any(fnmatchcase(name, pattern) for pattern in cfg["exemptTables"]):
        return
    yield from problems


def _stream_problems(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> list[str]:
    if not truthy(get(args.props, "streamEnabled")):
        return ["streamEnabled is not true"]
    view = get(args.props, "streamViewType")
    if view != cfg["streamViewType"]:
        return [f"streamViewType is {describe(view)}; expected {cfg['streamViewType']!r}"]
    return []


@resource_rule(
    name="aws-dynamodb-table-pitr",
    description="DynamoDB tables have point-in-time recovery.",
    severity=Severity.MEDIUM,
    enforcement=MANDATORY,
    remediation="Set point_in_time_recovery=aws.dynamodb.TablePointInTimeRecoveryArgs(enabled=True).",
    types=(T.DYNAMODB_TABLE,),
    fsbp=("DynamoDB.2",),
    checkov=("CKV_AWS_28",),
)
def table_pitr(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> Iterator[str]:
    if not truthy(get(args.props, "pointInTimeRecovery.enabled")):
        yield "pointInTimeRecovery.enabled is not true"


@resource_rule(
    name="aws-dynamodb-table-deletion-protection",
    description="DynamoDB tables have deletion protection (the dev stack turns it off so it can be destroyed).",
    severity=Severity.MEDIUM,
    enforcement=ADVISORY,  # a long-lived stack sets it mandatory in its config; dev is destroyable (catalogue.yaml)
    remediation="Set deletion_protection_enabled=True (config deletionProtection) on every long-lived stack.",
    types=(T.DYNAMODB_TABLE,),
    fsbp=("DynamoDB.6",),
)
def table_deletion_protection(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> Iterator[str]:
    if not truthy(get(args.props, "deletionProtectionEnabled")):
        yield "deletionProtectionEnabled is not true"


POLICIES = [table_billing_mode, table_stream, table_pitr, table_deletion_protection]
