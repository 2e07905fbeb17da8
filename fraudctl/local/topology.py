"""What local mode serves, read from the Pulumi program: functions, the API stage, stream mappings, schedules.

These are plain values with AWS's semantics and units, so the emulators never touch Pulumi's camelCase inputs or
floats (the engine sends every number as a float) and everything they do can be traced back to one resource.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class LambdaFunction:
    logical_name: str  # the resource's logical name, e.g. "transaction-processor"
    name: str  # the function name, e.g. "transaction-processor-dev"
    arn: str
    handler: str  # "module.function", relative to code_dir
    runtime: str  # e.g. "python3.13"; local mode runs every function with its own interpreter
    code_dir: Path  # where the handler's module lives (the program's code archive, or a local override)
    environment: dict[str, str]
    timeout_s: float
    memory_mb: int
    log_group: str
    reserved_concurrency: int | None = None


@dataclass(frozen=True)
class RequestParameter:
    location: str  # "path", "querystring" or "header", as in `method.request.<location>.<name>`
    name: str


@dataclass(frozen=True)
class ApiRoute:
    resource_path: str  # "/transactions/{id}", the template API Gateway puts in `resource`
    resource_id: str
    http_method: str  # "GET", "POST" or "ANY"
    function_name: str  # the AWS_PROXY integration's target
    timeout_ms: int  # the integration timeout
    api_key_required: bool
    body_schemas: dict[str, dict[str, Any]] = field(default_factory=dict)  # content type -> JSON schema (validated)
    required_parameters: tuple[RequestParameter, ...] = ()


@dataclass(frozen=True)
class GatewayResponse:
    """An aws:apigateway/response:Response of the program: how API Gateway answers one kind of error."""

    response_type: str  # e.g. "BAD_REQUEST_BODY"
    status_code: int | None
    templates: dict[str, str]  # content type -> VTL template
    headers: dict[str, str]


@dataclass(frozen=True)
class Throttle:
    rate_per_s: float
    burst: int


@dataclass(frozen=True)
class ApiStage:
    api_id: str
    api_name: str
    stage_name: str
    routes: tuple[ApiRoute, ...]
    api_keys: dict[str, str]  # value -> key id, for the enabled keys a usage plan attaches to this stage
    throttle: Throttle | None  # the stage's `*/*` method settings
    gateway_responses: dict[str, GatewayResponse]
    access_log_format: str | None


@dataclass(frozen=True)
class StreamMapping:
    """A DynamoDB stream event source mapping, with Lambda's defaults where the program sets nothing."""

    table_name: str
    function_name: str
    batch_size: int = 100
    batching_window_s: float = 0.0
    starting_position: str = "LATEST"
    bisect_on_error: bool = False
    max_retries: int | None = None  # None: retry until the record expires (AWS's -1)
    max_record_age_s: int | None = None  # None: no limit but the stream's 24 h
    report_batch_item_failures: bool = False
    filter_patterns: tuple[dict[str, Any], ...] = ()  # OR-ed; empty: every record
    on_failure_queue_name: str | None = None
    parallelization_factor: int = 1


@dataclass(frozen=True)
class Schedule:
    rule_name: str
    rule_arn: str
    expression: str  # "cron(0 0 * * ? *)" or "rate(1 day)"
    function_name: str
    constant_input: str | None = None  # the target's `input`, sent instead of the Scheduled Event


@dataclass(frozen=True)
class Topology:
    project: str
    stack: str
    region: str
    account_id: str
    functions: dict[str, LambdaFunction]  # by function name
    api: ApiStage | None
    stream_mappings: tuple[StreamMapping, ...]
    schedules: tuple[Schedule, ...]

    def function(self, name: str) -> LambdaFunction:
        try:
            return self.functions[name]
        except KeyError:
            raise KeyError(f"the program declares no Lambda function named {name!r}") from None
