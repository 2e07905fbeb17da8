"""Alarms on what can go wrong: function error rates, a stuck stream, failed records, API server errors."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from fraud_stack.alerting import alarm_topic

PERIOD_SECONDS = 60
REPORT_PERIOD_SECONDS = 300  # a failed run of up to 300 s reports its error within one period


@dataclass(frozen=True)
class MonitoringArgs:
    name_prefix: str
    region: str
    account_id: pulumi.Input[str]
    function_names: dict[str, pulumi.Input[str]]  # logical name -> function name
    analyzer_name: pulumi.Input[str]
    on_failure_queue_name: pulumi.Input[str]
    report_failure_queue_name: pulumi.Input[str]
    rest_api_name: pulumi.Input[str]
    stage_name: pulumi.Input[str]
    error_rate_threshold_percent: float
    alarm_email: str | None = None
    iterator_age_threshold_ms: int = 60_000
    log_retention_days: int = 7  # the alarm topic's delivery-status log groups


def _metric(
    query_id: str, namespace: str, metric: str, dimensions: dict, stat: str = "Sum"
) -> aws.cloudwatch.MetricAlarmMetricQueryArgs:
    return aws.cloudwatch.MetricAlarmMetricQueryArgs(
        id=query_id,
        return_data=False,
        metric=aws.cloudwatch.MetricAlarmMetricQueryMetricArgs(
            namespace=namespace, metric_name=metric, dimensions=dimensions, period=PERIOD_SECONDS, stat=stat
        ),
    )


def _rate(numerator: str, denominator: str) -> aws.cloudwatch.MetricAlarmMetricQueryArgs:
    # A percentage, not a raw count: 1 error in 10 calls and 10 in 1000 are different situations.
    return aws.cloudwatch.MetricAlarmMetricQueryArgs(
        id="rate",
        expression=f"IF({denominator} > 0, 100 * {numerator} / {denominator}, 0)",
        label="percent",
        return_data=True,
    )


class Monitoring(pulumi.ComponentResource):
    topic_arn: pulumi.Output[str]

    def __init__(self, name: str, args: MonitoringArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("fraud:monitoring:Monitoring", name, None, opts)
        topic = alarm_topic(
            name,
            args.name_prefix,
            args.region,
            args.account_id,
            args.alarm_email,
            parent=self,
            log_retention_days=args.log_retention_days,
        )
        actions = [topic.arn]
        # A replacement of a fixed-name alarm would otherwise overwrite the new alarm, then delete it as the old one.
        named = pulumi.ResourceOptions(parent=self, delete_before_replace=True)

        def alarm(
            logical: str,
            description: str,
            threshold: float,
            evaluation_periods: int = 5,
            datapoints_to_alarm: int = 3,
            **settings,
        ) -> aws.cloudwatch.MetricAlarm:
            return aws.cloudwatch.MetricAlarm(
                f"{name}-{logical}",
                name=f"{args.name_prefix}-{logical}",
                alarm_description=description,
                comparison_operator="GreaterThanThreshold",
                threshold=threshold,
                evaluation_periods=evaluation_periods,
                datapoints_to_alarm=datapoints_to_alarm,
                treat_missing_data="notBreaching",  # no traffic is not an outage
                alarm_actions=actions,
                ok_actions=actions,
                opts=named,
                **settings,
            )

        for logical, function_name in args.function_names.items():
            dims = {"FunctionName": function_name}
            alarm(
                f"{logical}-error-rate",
                f"{logical}: more than {args.error_rate_threshold_percent}% of invocations failed",
                args.error_rate_threshold_percent,
                metric_queries=[
                    _metric("errors", "AWS/Lambda", "Errors", dims),
                    _metric("invocations", "AWS/Lambda", "Invocations", dims),
                    _rate("errors", "invocations"),
                ],
            )
        alarm(
            "fraud-analyzer-iterator-age",
            "The analyzer is falling behind the transactions stream",
            args.iterator_age_threshold_ms,
            namespace="AWS/Lambda",
            metric_name="IteratorAge",
            dimensions={"FunctionName": args.analyzer_name},
            statistic="Maximum",
            period=PERIOD_SECONDS,
        )
        alarm(
            "stream-failures-queued",
            "Stream records the analyzer gave up on are waiting in the on-failure queue (replay within 24 h)",
            0,
            namespace="AWS/SQS",
            metric_name="ApproximateNumberOfMessagesVisible",
            dimensions={"QueueName": args.on_failure_queue_name},
            statistic="Maximum",
            period=PERIOD_SECONDS,
        )
        alarm(
            "report-failures-queued",
            "A daily report failed every attempt: its event waits in the report on-failure queue (re-run that day)",
            0,
            namespace="AWS/SQS",
            metric_name="ApproximateNumberOfMessagesVisible",
            dimensions={"QueueName": args.report_failure_queue_name},
            statistic="Maximum",
            period=PERIOD_SECONDS,
        )
        # One report a day: a 3-of-5-minutes rule never sees attempts that land minutes apart. One error is enough.
        alarm(
            "report-generator-failed",
            "The daily report generator failed (an attempt; Lambda retries twice before the on-failure queue)",
            0,
            evaluation_periods=1,
            datapoints_to_alarm=1,
            namespace="AWS/Lambda",
            metric_name="Errors",
            dimensions={"FunctionName": args.function_names["report-generator"]},
            statistic="Sum",
            period=REPORT_PERIOD_SECONDS,
        )
        api_dims = {"ApiName": args.rest_api_name, "Stage": args.stage_name}
        alarm(
            "api-5xx-rate",
            f"More than {args.error_rate_threshold_percent}% of API requests ended in a server error",
            args.error_rate_threshold_percent,
            metric_queries=[
                _metric("errors", "AWS/ApiGateway", "5XXError", api_dims),
                _metric("requests", "AWS/ApiGateway", "Count", api_dims),
                _rate("errors", "requests"),
            ],
        )
        self.topic_arn = topic.arn
        self.register_outputs({"topic_arn": self.topic_arn})
