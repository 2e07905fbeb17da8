"""Print a recorded program the way `pulumi preview` prints its plan: a tree of resources with their key settings."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from fraudctl.program.model import ProgramRun, RecordedResource

MASKED = "[secret]"  # what the CLI prints instead of a secret output


def display_type(type_token: str) -> str:
    """`aws:ec2/vpc:Vpc` is shown as `aws:ec2:Vpc`, like the CLI does."""
    parts = type_token.split(":")
    if len(parts) == 3 and "/" in parts[1]:
        parts[1] = parts[1].split("/")[0]
    return ":".join(parts)


def render_plan(run: ProgramRun, console: Console) -> None:
    console.print(f"Previewing update ({run.stack}):", style="bold")
    table = Table(box=None, show_edge=False, pad_edge=False, header_style="bold")
    for column in ("", "Type", "Name", "Plan"):
        table.add_column(column, no_wrap=True)
    table.add_column("Info", overflow="fold")
    children: dict[str, list[RecordedResource]] = {}
    for resource in run.resources:
        children.setdefault(resource.parent, []).append(resource)
    roots = [r for r in run.resources if r.type == "pulumi:pulumi:Stack"] or children.get("", [])

    def walk(resource: RecordedResource, prefix: str, is_last: bool, depth: int) -> None:
        branch = "" if depth == 0 else ("└─ " if is_last else "├─ ")
        table.add_row(
            "+", Text(prefix + branch + display_type(resource.type)), resource.name, "create", key_settings(resource)
        )
        kids = children.get(resource.urn, [])
        next_prefix = prefix + ("" if depth == 0 else ("   " if is_last else "│  "))
        for index, kid in enumerate(kids):
            walk(kid, next_prefix, index == len(kids) - 1, depth + 1)

    for root in roots:
        walk(root, "", True, 0)
    orphans = [r for r in children.get("", []) if r not in roots and r.type != "pulumi:pulumi:Stack"]
    for resource in orphans:  # default providers have no parent in the engine either
        walk(resource, "", True, 1)
    console.print(table)
    console.print("\nOutputs:", style="bold")
    for key in sorted(run.outputs):
        value = MASKED if key in run.secret_outputs else json.dumps(run.outputs[key])
        console.print(f"    {key:<12}: {value}", highlight=False, markup=False)
    console.print("\nResources:", style="bold")
    console.print(f"    + {len(run.resources)} to create", style="green")


def _get(props: dict[str, Any], path: str) -> Any:
    value: Any = props
    for part in path.split("."):
        if isinstance(value, list) and part.isdigit():
            value = value[int(part)] if int(part) < len(value) else None
        elif isinstance(value, dict):
            value = value.get(part)
        else:
            return None
    return value


def _fmt(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return ",".join(_fmt(v) for v in value)
    return str(value)


def _paths(*paths: str) -> Callable[[dict[str, Any]], list[str]]:
    def extract(props: dict[str, Any]) -> list[str]:
        shown = []
        for path in paths:
            value = _get(props, path)
            if value not in (None, "", [], {}):
                label = ".".join(part for part in path.split(".") if not part.isdigit())
                shown.append(f"{label.rsplit('.', 2)[-1] if label.count('.') > 1 else label}={_fmt(value)}")
        return shown

    return extract


_KEY_SETTINGS: dict[str, Callable[[dict[str, Any]], list[str]]] = {
    "pulumi:providers:aws": _paths("region"),
    "aws:lambda/function:Function": _paths(
        "runtime", "timeout", "reservedConcurrentExecutions", "memorySize", "tracingConfig.mode"
    ),
    "aws:dynamodb/table:Table": _paths(
        "name", "billingMode", "hashKey", "rangeKey", "streamViewType", "pointInTimeRecovery.enabled"
    ),
    "aws:s3/bucket:Bucket": _paths("bucket"),
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": _paths(
        "rules.0.applyServerSideEncryptionByDefault.sseAlgorithm"
    ),
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": _paths(
        "rules.0.transitions.0.storageClass",
        "rules.0.transitions.0.days",
        "rules.0.transitions.1.storageClass",
        "rules.0.transitions.1.days",
    ),
    "aws:cloudwatch/logGroup:LogGroup": _paths("name", "retentionInDays"),
    "aws:apigateway/methodSettings:MethodSettings": _paths(
        "settings.throttlingRateLimit",
        "settings.throttlingBurstLimit",
        "settings.loggingLevel",
        "settings.dataTraceEnabled",
    ),
    "aws:apigateway/stage:Stage": _paths("stageName", "xrayTracingEnabled"),
    "aws:apigateway/method:Method": _paths("httpMethod", "apiKeyRequired"),
    "aws:apigateway/integration:Integration": _paths("type", "timeoutMilliseconds"),
    "aws:lambda/eventSourceMapping:EventSourceMapping": _paths(
        "batchSize", "maximumRetryAttempts", "bisectBatchOnFunctionError", "functionResponseTypes"
    ),
    "aws:cloudwatch/eventRule:EventRule": _paths("scheduleExpression"),
    "aws:cloudwatch/metricAlarm:MetricAlarm": _paths("threshold", "comparisonOperator", "treatMissingData"),
    "aws:sqs/queue:Queue": _paths("sqsManagedSseEnabled"),
    "aws:ec2/subnet:Subnet": _paths("cidrBlock", "availabilityZone"),
    "aws:ec2/vpc:Vpc": _paths("cidrBlock"),
}


def key_settings(resource: RecordedResource) -> str:
    extract = _KEY_SETTINGS.get(resource.type)
    return " ".join(extract(resource.inputs)) if extract else ""
