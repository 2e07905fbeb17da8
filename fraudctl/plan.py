"""Print a recorded program the way `pulumi preview` prints its plan: a tree of resources with their key settings."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from fraudctl.plan_values import UNKNOWN_TEXT, object_rows
from fraudctl.program.model import ProgramRun, RecordedResource
from fraudctl.program.values import is_unknown


def display_type(type_token: str) -> str:
    """`aws:ec2/vpc:Vpc` is shown as `aws:ec2:Vpc`, `random:index/randomUuid:RandomUuid` as `random:index:RandomUuid`
    (tokens.Type.DisplayName: the module up to its last "/")."""
    parts = type_token.split(":")
    if len(parts) == 3 and parts[2] and "/" in parts[1]:
        parts[1] = parts[1].rsplit("/", 1)[0]
    return ":".join(parts)


def render_plan(run: ProgramRun, console: Console, policies: Callable[[Console], None] | None = None) -> None:
    """The CLI's preview, section by section: the resource tree, "Diagnostics:", the packs' "Policies:" (printed
    by ``policies``), "Outputs:" and "Resources:" (progress.go: printDiagnostics, printPolicies, printOutputs,
    printSummary). Reads (``Resource.get``, StackReferences) are not rows and not counted, as in the CLI."""
    console.print(f"Previewing update ({run.stack}):", style="bold")
    managed = [r for r in run.resources if not r.external]
    console.print(_tree(managed, _diagnostic_counts(run)))
    console.print()
    diagnostics = diagnostic_lines(run)
    if diagnostics:
        console.print("Diagnostics:", style="bold")
        write_plain(console, diagnostics)
    if policies is not None:
        policies(console)
    if run.outputs:
        console.print("Outputs:", style="bold")
        for row in object_rows(run.outputs, "    ", run.secret_outputs):
            console.print(row, highlight=False, markup=False)
        console.print()
    console.print("Resources:", style="bold")
    console.print(f"    + {len(managed)} to create", style="green")


def write_plain(console: Console, lines: list[str]) -> None:
    """Program text as the program wrote it: no markup, no wrapping, tabs kept (rich would expand them)."""
    for line in lines:
        console.file.write(line + "\n")
    console.file.flush()


def diagnostic_lines(run: ProgramRun) -> list[str]:
    """``  <type> (<name>):`` then each message's lines, ``warning:``/``error:`` prefixed (info bare), a blank line
    after each resource; resources in registration order, messages without a resource under the stack."""
    names = {r.urn: (display_type(r.type), r.name) for r in run.resources}
    grouped: dict[str, list[str]] = {}
    for entry in run.logs:
        urn = entry.urn if entry.urn in names else run.stack_urn
        prefix = "" if entry.severity == "info" else f"{entry.severity}: "
        grouped.setdefault(urn, []).extend((prefix + entry.message).rstrip("\n").split("\n"))
    order = [run.stack_urn, *(r.urn for r in run.resources if r.urn != run.stack_urn)]
    lines: list[str] = []
    for urn in order:
        if urn not in grouped:
            continue
        kind, name = names.get(urn, ("pulumi:pulumi:Stack", f"{run.project}-{run.stack}"))
        lines.append(f"  {kind} ({name}):")
        lines += [f"    {line.rstrip()}" for line in grouped[urn]]
        lines.append("")
    return lines


def _diagnostic_counts(run: ProgramRun) -> dict[str, str]:
    """The Info column's "1 error, 2 warnings, 3 messages" per resource (the stack's when a log names none)."""
    counts: dict[str, dict[str, int]] = {}
    known = {r.urn for r in run.resources}
    for entry in run.logs:
        urn = entry.urn if entry.urn in known else run.stack_urn
        per = counts.setdefault(urn, {})
        per[entry.severity] = per.get(entry.severity, 0) + 1
    words = (("error", "error"), ("warning", "warning"), ("info", "message"))
    return {
        urn: ", ".join(f"{per[s]} {w}{'' if per[s] == 1 else 's'}" for s, w in words if per.get(s))
        for urn, per in counts.items()
    }


def _tree(resources: list[RecordedResource], notes: dict[str, str]) -> Table:
    table = Table(box=None, show_edge=False, pad_edge=False, header_style="bold")
    for column in ("", "Type", "Name", "Plan"):
        table.add_column(column, no_wrap=True)
    table.add_column("Info", overflow="fold")
    children: dict[str, list[RecordedResource]] = {}
    for resource in resources:
        children.setdefault(resource.parent, []).append(resource)
    roots = [r for r in resources if r.type == "pulumi:pulumi:Stack"] or children.get("", [])

    def walk(resource: RecordedResource, prefix: str, is_last: bool, depth: int) -> None:
        branch = "" if depth == 0 else ("└─ " if is_last else "├─ ")
        info = " ".join(filter(None, [notes.get(resource.urn, ""), key_settings(resource)]))
        table.add_row("+", Text(prefix + branch + display_type(resource.type)), resource.name, "create", info)
        kids = children.get(resource.urn, [])
        next_prefix = prefix + ("" if depth == 0 else ("   " if is_last else "│  "))
        for index, kid in enumerate(kids):
            walk(kid, next_prefix, index == len(kids) - 1, depth + 1)

    for root in roots:
        walk(root, "", True, 0)
    orphans = [r for r in children.get("", []) if r not in roots and r.type != "pulumi:pulumi:Stack"]
    for resource in orphans:  # default providers have no parent in the engine either
        walk(resource, "", True, 1)
    return table


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
    if is_unknown(value):
        return UNKNOWN_TEXT
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
