"""CloudWatch: the spec's 7-day log retention, an error-rate alarm per function, alarms that notify."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from pulumi_policy import PolicyResource, ResourceValidationArgs, Severity, StackValidationArgs

from fraud_guardrails import types as T
from fraud_guardrails.links import configured, dependency_urns, of_type
from fraud_guardrails.metadata import MANDATORY, Undecided, Violation, resource_rule, setting, stack_rule
from fraud_guardrails.props import UNKNOWN, describe, falsy, get, items, length, number, peek, truthy

GREATER_THAN = ("GreaterThanThreshold", "GreaterThanOrEqualToThreshold")


@resource_rule(
    name="aws-cloudwatch-loggroup-retention",
    description="CloudWatch log groups keep logs for the period the spec sets (7 days).",
    severity=Severity.LOW,
    enforcement=MANDATORY,
    remediation="Set retention_in_days=7 on every aws.cloudwatch.LogGroup (config logRetentionDays).",
    types=(T.LOG_GROUP,),
    checkov=("CKV_AWS_66",),
    spec=True,
    config={"retentionInDays": setting("integer", 7, "Required retention in days.", minimum=1)},
)
def log_group_retention(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> Iterator[str]:
    days = get(args.props, "retentionInDays")
    if number(days) != cfg["retentionInDays"]:
        shown = "not set (logs never expire)" if days is None or number(days) == 0 else f"{describe(days)} days"
        yield f"retentionInDays is {shown}; expected {describe(cfg['retentionInDays'])}"


@resource_rule(
    name="aws-cloudwatch-metricalarm-actions",
    description="CloudWatch alarms have their actions enabled and notify somewhere.",
    severity=Severity.LOW,
    enforcement=MANDATORY,
    remediation="Give every aws.cloudwatch.MetricAlarm alarm_actions (the alarm SNS topic); keep actions_enabled.",
    types=(T.METRIC_ALARM,),
    controls=("CloudWatch.15", "CloudWatch.17"),  # NIST 800-53 controls: an alarm action, actions enabled
    checkov=("CKV_AWS_319",),
)
def alarm_actions(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> Iterator[str]:
    # Inputs: an unknown value here was set from another resource's output. Unknown actions (a topic's ARN) are
    # actions; an unknown actionsEnabled decides the verdict, so get() lets the SDK say it cannot run, after the
    # actions were judged.
    if length(peek(args.props, "alarmActions")) == 0:
        yield "alarmActions is empty: nobody hears of the alarm"
    if falsy(get(args.props, "actionsEnabled")):
        yield "actionsEnabled is false: the alarm changes state but notifies no one"


def _query_metric(query: Any, metric_name: str) -> Mapping[str, Any] | None:
    metric = peek(query, "metric")
    if not isinstance(metric, Mapping):
        return None
    if peek(metric, "namespace") == "AWS/Lambda" and peek(metric, "metricName") == metric_name:
        return metric
    return None


def _watches(alarm: PolicyResource, metric: Mapping[str, Any], function: PolicyResource) -> bool:
    dimension = peek(metric, "dimensions.FunctionName")
    name = peek(function.props, "name")
    if isinstance(dimension, str) and isinstance(name, str):
        return dimension == name
    # The dimension is the function's (unknown) name output: the dependency says which function it is.
    return dimension is UNKNOWN and function.urn in dependency_urns(alarm, "metricQueries")


def _rate_problems(
    alarm: PolicyResource, function: PolicyResource, cfg: Mapping[str, Any]
) -> list[str | Undecided] | None:
    """None when the alarm does not watch this function's Errors; else what keeps it from being the rate alarm
    (Undecided: what a preview does not know yet)."""
    queries = list(items(configured(alarm, "metricQueries")))
    errors = [q for q in queries if (m := _query_metric(q, "Errors")) is not None and _watches(alarm, m, function)]
    if not errors:
        return None
    invocations = [
        q for q in queries if (m := _query_metric(q, "Invocations")) is not None and _watches(alarm, m, function)
    ]
    problems: list[str | Undecided] = []
    if not invocations:
        return ["it counts Errors but has no Invocations query, so it alarms on a count, not a rate"]
    for query in (*errors[:1], *invocations[:1]):
        stat = peek(query, "metric.stat")
        if stat != "Sum":
            problems.append(f"query {peek(query, 'id')!r} uses stat {describe(stat)}; a rate needs 'Sum'")
    error_id, invocation_id = str(peek(errors[0], "id")), str(peek(invocations[0], "id"))
    rate = [
        q
        for q in queries
        if truthy(peek(q, "returnData"))
        and isinstance(expression := peek(q, "expression"), str)
        and re.search(rf"\b{re.escape(error_id)}\s*/\s*{re.escape(invocation_id)}\b", expression)
        and re.search(r"\b100\s*\*|\*\s*100\b", expression)
    ]
    if not rate:
        problems.append(f"no returned expression computes 100 * {error_id} / {invocation_id} (a percentage)")
    given = configured(alarm, "threshold")  # optional: unknown in a preview when not set
    threshold = number(given)
    if given is UNKNOWN:
        problems.append(Undecided(f"the threshold of {alarm.name}"))
    elif threshold is None or abs(threshold - cfg["thresholdPercent"]) > 1e-9:
        problems.append(f"threshold is {describe(threshold)}; expected {describe(cfg['thresholdPercent'])} (percent)")
    operator = peek(alarm.props, "comparisonOperator")
    if operator not in GREATER_THAN:
        problems.append(f"comparisonOperator is {describe(operator)}; expected GreaterThanThreshold")
    return problems


@stack_rule(
    name="aws-cloudwatch-metricalarm-lambda-error-rate",
    description="Every Lambda function has an alarm on its error rate above 1 % (Errors / Invocations).",
    severity=Severity.HIGH,
    enforcement=MANDATORY,
    remediation="Add an aws.cloudwatch.MetricAlarm per function with metric_queries errors (AWS/Lambda Errors, Sum), "
    "invocations (Invocations, Sum) and IF(invocations > 0, 100 * errors / invocations, 0) with return_data, "
    'threshold=1 and comparison_operator="GreaterThanThreshold".',
    spec=True,
    config={"thresholdPercent": setting("number", 1, "Error rate in percent above which the alarm fires.", minimum=0)},
)
def function_error_rate_alarm(args: StackValidationArgs, cfg: Mapping[str, Any]) -> Iterator[Violation | Undecided]:
    alarms = of_type(args.resources, T.METRIC_ALARM)
    # Queries set from another resource's output are known at deploy time: such an alarm may be the one.
    undecided = [alarm.name for alarm in alarms if configured(alarm, "metricQueries") is UNKNOWN]
    for function in of_type(args.resources, T.LAMBDA_FUNCTION):
        findings = [(alarm.name, _rate_problems(alarm, function, cfg)) for alarm in alarms]
        candidates = [(name, problems) for name, problems in findings if problems is not None]
        if any(not problems for _, problems in candidates):
            continue
        pending = [problems for _, problems in candidates if all(isinstance(p, Undecided) for p in problems)]
        if pending:  # right but for a value known at deploy time
            yield from (p for p in pending[0] if isinstance(p, Undecided))
            continue
        if undecided:
            yield Undecided(f"the metric queries of {', '.join(undecided)}")
            continue
        if candidates:
            detail = "; ".join(
                f"alarm {name}: {', '.join(p for p in problems if isinstance(p, str))}" for name, problems in candidates
            )
            yield Violation(f"no alarm watches its error rate correctly ({detail})", function.urn)
        elif isinstance(peek(function.props, "name"), str):
            yield Violation(
                f"no alarm watches the error rate of {peek(function.props, 'name')} (AWS/Lambda Errors / Invocations)",
                function.urn,
            )


POLICIES = [log_group_retention, alarm_actions, function_error_rate_alarm]
