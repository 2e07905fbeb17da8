"""The program's resources, as local mode needs them: one place that knows Pulumi's types and input names."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fraudctl.local.apigateway import api_stage
from fraudctl.local.errors import LocalModeError, UnsupportedByLocalMode
from fraudctl.local.streams import check_pattern
from fraudctl.local.topology import LambdaFunction, Schedule, StreamMapping, Topology
from fraudctl.program.aws_mocks import ACCOUNT_ID
from fraudctl.program.model import ProgramRun, RecordedResource

FUNCTION = "aws:lambda/function:Function"
EVENT_SOURCE_MAPPING = "aws:lambda/eventSourceMapping:EventSourceMapping"
EVENT_RULE = "aws:cloudwatch/eventRule:EventRule"
EVENT_TARGET = "aws:cloudwatch/eventTarget:EventTarget"
TABLE = "aws:dynamodb/table:Table"
DEFAULT_REGION = "us-east-2"


def read_topology(run: ProgramRun, functions_dir: Path | None = None) -> Topology:
    """Everything local mode serves, from the recorded program. `functions_dir` replaces every function's code."""
    region = run.config.get("aws:region") or _provider_region(run) or DEFAULT_REGION
    functions = {f.name: f for f in (_function(r, functions_dir) for r in run.by_type(FUNCTION))}
    by_arn = {f.arn: f.name for f in functions.values()}
    return Topology(
        project=run.project,
        stack=run.stack,
        region=region,
        account_id=_account_of(functions.values()),
        functions=functions,
        api=api_stage(run, by_arn),
        stream_mappings=tuple(_mapping(r, run, by_arn) for r in run.by_type(EVENT_SOURCE_MAPPING)),
        schedules=tuple(_schedules(run, by_arn)),
    )


def number(value: Any, default: float | None = None) -> float | None:
    """The engine sends every number as a float; None (unset or unknown in preview) falls back to the default."""
    return default if value is None else float(value)


def _provider_region(run: ProgramRun) -> str | None:
    for resource in run.resources:
        if resource.is_provider and resource.inputs.get("region"):
            return str(resource.inputs["region"])
    return None


def _account_of(functions: Any) -> str:
    for function in functions:
        return function.arn.split(":")[4]
    return ACCOUNT_ID


def _function(resource: RecordedResource, functions_dir: Path | None) -> LambdaFunction:
    inputs, outputs = resource.inputs, resource.outputs
    variables = (inputs.get("environment") or {}).get("variables") or {}
    if any(value is None for value in variables.values()):
        unknown = sorted(name for name, value in variables.items() if value is None)
        raise LocalModeError(f"function {resource.name}: environment {', '.join(unknown)} unknown under mocks")
    logging_config = inputs.get("loggingConfig") or {}
    concurrency = number(inputs.get("reservedConcurrentExecutions"), -1)
    return LambdaFunction(
        logical_name=resource.name,
        name=str(outputs["name"]),
        arn=str(outputs["arn"]),
        handler=str(inputs.get("handler") or ""),
        runtime=str(inputs.get("runtime") or ""),
        code_dir=functions_dir.resolve() if functions_dir else _code_dir(resource),
        environment={name: str(value) for name, value in variables.items()},
        timeout_s=number(inputs.get("timeout"), 3.0),  # Lambda's default timeout
        memory_mb=int(number(inputs.get("memorySize"), 128)),
        log_group=str(logging_config.get("logGroup") or f"/aws/lambda/{outputs['name']}"),
        reserved_concurrency=int(concurrency) if concurrency >= 0 else None,
    )


def _code_dir(resource: RecordedResource) -> Path:
    """The directory the code archive was built from: each FileAsset's path minus its path inside the archive."""
    archive = resource.inputs.get("code")
    for key, asset in (getattr(archive, "assets", None) or {}).items():
        path = getattr(asset, "path", None)
        if path:
            return Path(path).resolve().parents[len(Path(key).parts) - 1]
    raise UnsupportedByLocalMode(
        f"function {resource.name}: its code is not an archive of local files; pass --functions-dir to run it"
    )


def _function_named(reference: Any, by_arn: dict[str, str], what: str) -> str:
    # A mapping or target names its function by ARN (or by name); local mode keys functions by name.
    text = str(reference or "")
    name = by_arn.get(text) or (text if text in by_arn.values() else None)
    if name is None:
        raise LocalModeError(f"{what} targets {text!r}, which is not a function of the program")
    return name


def _mapping(resource: RecordedResource, run: ProgramRun, by_arn: dict[str, str]) -> StreamMapping:
    inputs, what = resource.inputs, f"event source mapping {resource.name}"
    table = _table_of_stream(str(inputs.get("eventSourceArn") or ""), run, what)
    patterns = []
    for item in ((inputs.get("filterCriteria") or {}).get("filters")) or []:
        try:
            pattern = json.loads(item.get("pattern") or "{}")
        except json.JSONDecodeError as err:
            raise LocalModeError(f"{what}: filter pattern is not JSON: {err}") from err
        check_pattern(pattern, what)
        patterns.append(pattern)
    on_failure = ((inputs.get("destinationConfig") or {}).get("onFailure") or {}).get("destinationArn")
    if on_failure and not str(on_failure).startswith("arn:aws:sqs:"):
        raise UnsupportedByLocalMode(f"{what}: only SQS on-failure destinations are emulated, not {on_failure}")
    retries, max_age = (
        number(inputs.get("maximumRetryAttempts"), -1),
        number(inputs.get("maximumRecordAgeInSeconds"), -1),
    )
    return StreamMapping(
        table_name=table,
        function_name=_function_named(inputs.get("functionName"), by_arn, what),
        batch_size=int(number(inputs.get("batchSize"), 100)),
        batching_window_s=number(inputs.get("maximumBatchingWindowInSeconds"), 0.0),
        starting_position=str(inputs.get("startingPosition") or "LATEST"),
        bisect_on_error=bool(inputs.get("bisectBatchOnFunctionError")),
        max_retries=None if retries < 0 else int(retries),
        max_record_age_s=None if max_age < 0 else int(max_age),
        report_batch_item_failures="ReportBatchItemFailures" in (inputs.get("functionResponseTypes") or []),
        filter_patterns=tuple(patterns),
        on_failure_queue_name=str(on_failure).rsplit(":", 1)[1] if on_failure else None,
        parallelization_factor=int(number(inputs.get("parallelizationFactor"), 1)),
    )


def _table_of_stream(stream_arn: str, run: ProgramRun, what: str) -> str:
    for table in run.by_type(TABLE):
        if table.outputs.get("streamArn") == stream_arn:
            return str(table.outputs["name"])
    raise UnsupportedByLocalMode(f"{what}: its source {stream_arn!r} is not the stream of a table of the program")


def _schedules(run: ProgramRun, by_arn: dict[str, str]) -> list[Schedule]:
    rules = {str(r.outputs.get("name")): r for r in run.by_type(EVENT_RULE) if r.inputs.get("scheduleExpression")}
    schedules = []
    for target in run.by_type(EVENT_TARGET):
        rule = rules.get(str(target.inputs.get("rule")))
        if rule is None or str(target.inputs.get("arn")) not in by_arn:
            continue  # a target of an event-pattern rule, or of something other than a function
        if target.inputs.get("inputPath") or target.inputs.get("inputTransformer"):
            raise UnsupportedByLocalMode(f"schedule target {target.name}: inputPath/inputTransformer not emulated")
        schedules.append(
            Schedule(
                rule_name=str(rule.outputs["name"]),
                rule_arn=str(rule.outputs["arn"]),
                expression=str(rule.inputs["scheduleExpression"]),
                function_name=_function_named(target.inputs.get("arn"), by_arn, f"schedule target {target.name}"),
                constant_input=target.inputs.get("input"),
            )
        )
    return schedules
