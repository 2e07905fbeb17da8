"""Logging and monitoring coverage: log groups and their retention, alarms per function, the other audit trails."""

from __future__ import annotations

from typing import Any

from .exposure_api import _num
from .links import StackGraph
from .model_sections import AlarmRow, FunctionMonitoring, LogGroupRow, Monitoring
from .state import StackResource

LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"
FUNCTION = "aws:lambda/function:Function"
ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm"
STAGE = "aws:apigateway/stage:Stage"
FLOW_LOG = "aws:ec2/flowLog:FlowLog"
METHOD_SETTINGS = "aws:apigateway/methodSettings:MethodSettings"
BUCKET_LOGGING = "aws:s3/bucketLogging:BucketLogging"
WEB_ACL = "aws:wafv2/webAcl:WebAcl"
TOPIC = "aws:sns/topic:Topic"


def monitoring(graph: StackGraph) -> Monitoring:
    state = graph.state
    groups = tuple(sorted((_log_group(graph, g) for g in state.of_type(LOG_GROUP)), key=lambda g: g.name))
    alarms = state.of_type(ALARM)
    functions = tuple(sorted((_function(graph, f, alarms) for f in state.of_type(FUNCTION)), key=lambda f: f.function))
    return Monitoring(
        log_groups=groups,
        functions=functions,
        alarms=tuple(sorted((_alarm(graph, a) for a in alarms), key=lambda a: a.name)),
        other=tuple(_other(graph)),
    )


def _days(group: StackResource | None) -> int | None:
    value = group.get("retentionInDays") if group else None
    return int(value) if value else None


def _function_log_group(graph: StackGraph, function: StackResource) -> StackResource | None:
    linked = graph.referenced(function, "loggingConfig", LOG_GROUP)
    if linked:
        return linked[0]
    wanted = function.get("loggingConfig.logGroup") or f"/aws/lambda/{function.physical_name}"
    return next((g for g in graph.state.of_type(LOG_GROUP) if g.get("name") == wanted), None)


def _log_group(graph: StackGraph, group: StackResource) -> LogGroupRow:
    writers = [f"Lambda {f.name}" for f in graph.state.of_type(FUNCTION) if _function_log_group(graph, f) is group]
    writers += [
        f"API stage {s.get('stageName', s.name)} access logs"
        for s in graph.referrers(group, [STAGE], "accessLogSettings")
    ]
    writers += [
        f"VPC flow logs ({f.get('trafficType', '?')} traffic)"
        for f in graph.referrers(group, [FLOW_LOG], "logDestination")
    ]
    if str(group.get("name", "")).startswith("API-Gateway-Execution-Logs_"):
        writers.append("API Gateway execution logs")
    encryption = "KMS key" if group.get("kmsKeyId") else "service-managed"
    return LogGroupRow(
        group.name, str(group.get("name", group.id)), _days(group), "; ".join(writers) or "-", encryption
    )


def _metrics(alarm: StackResource) -> list[dict[str, Any]]:
    """The alarm's metrics: its own (namespace, metricName, dimensions) or those of its metric math queries."""
    if alarm.get("metricName"):
        return [
            {
                "namespace": alarm.get("namespace"),
                "metricName": alarm.get("metricName"),
                "dimensions": alarm.get("dimensions", {}),
            }
        ]
    return [
        q["metric"]
        for q in alarm.get("metricQueries", []) or []
        if isinstance(q, dict) and isinstance(q.get("metric"), dict)
    ]


def _watches_function(graph: StackGraph, alarm: StackResource, function: StackResource) -> bool:
    if function in graph.referenced(alarm, "dimensions", FUNCTION) + graph.referenced(alarm, "metricQueries", FUNCTION):
        return True
    return any((m.get("dimensions") or {}).get("FunctionName") == function.physical_name for m in _metrics(alarm))


def _function(graph: StackGraph, function: StackResource, alarms: list[StackResource]) -> FunctionMonitoring:
    group = _function_log_group(graph, function)
    watching = [a for a in alarms if _watches_function(graph, a, function)]
    return FunctionMonitoring(
        function=function.name,
        log_group=group.name if group else "(none declared: Lambda creates one that never expires)",
        retention_days=_days(group),
        tracing=str(function.get("tracingConfig.mode", "PassThrough")),
        alarms=tuple(sorted(a.name for a in watching)),
        error_rate_alarm=any(m.get("metricName") == "Errors" for a in watching for m in _metrics(a)),
    )


def _alarm(graph: StackGraph, alarm: StackResource) -> AlarmRow:
    metrics = _metrics(alarm)
    names = "/".join(dict.fromkeys(str(m.get("metricName")) for m in metrics))
    namespace = next((str(m.get("namespace")) for m in metrics), "?")
    dimensions = sorted({f"{v}" for m in metrics for v in (m.get("dimensions") or {}).values()})
    expression = next(
        (
            q.get("expression")
            for q in alarm.get("metricQueries", []) or []
            if isinstance(q, dict) and q.get("expression")
        ),
        None,
    )
    watches = (
        f"{namespace} {names}"
        + (f" ({', '.join(dimensions)})" if dimensions else "")
        + (f" as {expression}" if expression else "")
    )
    operator = {
        "GreaterThanThreshold": ">",
        "GreaterThanOrEqualToThreshold": ">=",
        "LessThanThreshold": "<",
        "LessThanOrEqualToThreshold": "<=",
    }
    comparison = str(alarm.get("comparisonOperator"))
    periods = alarm.get("evaluationPeriods")
    condition = (
        f"{operator.get(comparison, comparison)} {_num(alarm.get('threshold'))}"
        f" in {_num(alarm.get('datapointsToAlarm', periods))} of {_num(periods)} periods"
    )
    topics = graph.referenced(alarm, "alarmActions", TOPIC)
    actions = tuple(f"SNS {t.name}" for t in topics) or tuple(str(a) for a in alarm.get("alarmActions", []) or [])
    if alarm.get("actionsEnabled") is False:
        actions = (*actions, "actions disabled")
    return AlarmRow(alarm.name, watches, condition, actions or ("no action",))


def _other(graph: StackGraph) -> list[str]:
    state = graph.state
    facts = []
    for stage in state.of_type(STAGE):
        access = "access logs on" if stage.get("accessLogSettings.destinationArn") else "NO access logs"
        xray = "X-Ray on" if stage.get("xrayTracingEnabled") else "X-Ray off"
        facts.append(f"API stage {stage.get('stageName', stage.name)}: {access}, {xray}")
    for settings in state.of_type(METHOD_SETTINGS):
        level = settings.get("settings.loggingLevel", "OFF")
        trace = "on" if settings.get("settings.dataTraceEnabled") else "off"
        metrics = "on" if settings.get("settings.metricsEnabled") else "off"
        path = settings.get("methodPath", settings.name)
        facts.append(
            f"API method settings {path}: execution logging {level}, data trace {trace}, detailed metrics {metrics}"
        )
    for flow in state.of_type(FLOW_LOG):
        destination = flow.get("logDestinationType", "cloud-watch-logs")
        facts.append(f"VPC flow log {flow.name}: {flow.get('trafficType', '?')} traffic to {destination}")
    for logging in state.of_type(BUCKET_LOGGING):
        target = f"{logging.get('targetBucket', '?')}/{logging.get('targetPrefix', '')}"
        facts.append(f"S3 server access logs of {logging.get('bucket', '?')} to {target}")
    for acl in state.of_type(WEB_ACL):
        sampled = (
            "sampled requests on" if acl.get("visibilityConfig.sampledRequestsEnabled") else "sampled requests off"
        )
        facts.append(f"WAF web ACL {acl.get('name', acl.name)}: CloudWatch metrics per rule, {sampled}")
    facts.append("CloudTrail: an account-level trail, outside this stack")
    return facts
