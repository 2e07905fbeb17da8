"""What makes the functions run without a caller: the table's stream and the daily schedule."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from fraud_stack.iam import Statement, policy_json

DAILY_AT_MIDNIGHT_UTC = "cron(0 0 * * ? *)"


@dataclass(frozen=True)
class EventsArgs:
    name_prefix: str
    stream_arn: pulumi.Input[str]
    analyzer_name: pulumi.Input[str]
    analyzer_arn: pulumi.Input[str]
    analyzer_role_name: pulumi.Input[str]
    report_generator_name: pulumi.Input[str]
    report_generator_arn: pulumi.Input[str]
    report_generator_role_name: pulumi.Input[str]
    batch_size: int = 100
    maximum_retry_attempts: int = 3
    maximum_record_age_seconds: int = 3600


class Events(pulumi.ComponentResource):
    """The stream mapping to the analyzer (with its on-failure queue) and the EventBridge rule for the reports.

    The mapping's defaults are unsafe (retry forever, no bisect): one poison record would block its shard for the
    stream's 24 h. Here a failing batch is split, retried a bounded number of times, and what still fails is sent to
    an encrypted queue (the message holds the shard and sequence range, to replay from the stream within 24 h).
    """

    on_failure_queue_url: pulumi.Output[str]
    on_failure_queue_name: pulumi.Output[str]
    report_failure_queue_name: pulumi.Output[str]
    schedule_rule_name: pulumi.Output[str]

    def __init__(self, name: str, args: EventsArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("fraud:events:Events", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        # Fixed physical names: a replacement must delete the old resource first, or the new one's name is taken.
        named = pulumi.ResourceOptions(parent=self, delete_before_replace=True)

        queue = _failure_queue(f"{name}-analyzer-on-failure", f"{args.name_prefix}-analyzer-on-failure", named)
        # The mapping sends to the on-failure destination with the function's role: the permission lives here, next
        # to the mapping that needs it.
        on_failure_policy = aws.iam.RolePolicy(
            f"{name}-analyzer-on-failure-policy",
            role=args.analyzer_role_name,
            policy=policy_json([Statement("SendStreamFailures", ["sqs:SendMessage"], [queue.arn])]),
            opts=child,
        )
        aws.lambda_.EventSourceMapping(
            f"{name}-transactions-stream",
            event_source_arn=args.stream_arn,
            function_name=args.analyzer_arn,
            starting_position="TRIM_HORIZON",
            batch_size=args.batch_size,
            maximum_batching_window_in_seconds=1,
            parallelization_factor=1,  # per-item order matters for retries; velocity uses the items' own timestamps
            bisect_batch_on_function_error=True,
            maximum_retry_attempts=args.maximum_retry_attempts,
            maximum_record_age_in_seconds=args.maximum_record_age_seconds,
            function_response_types=["ReportBatchItemFailures"],
            # The analyzer's own UpdateItem makes MODIFY records; only INSERTs may reach it, or it feeds itself.
            filter_criteria=aws.lambda_.EventSourceMappingFilterCriteriaArgs(
                filters=[
                    aws.lambda_.EventSourceMappingFilterCriteriaFilterArgs(
                        pattern=json.dumps({"eventName": ["INSERT"]})
                    )
                ]
            ),
            destination_config=aws.lambda_.EventSourceMappingDestinationConfigArgs(
                on_failure=aws.lambda_.EventSourceMappingDestinationConfigOnFailureArgs(destination_arn=queue.arn)
            ),
            opts=pulumi.ResourceOptions(parent=self, depends_on=[on_failure_policy]),
        )

        rule = aws.cloudwatch.EventRule(
            f"{name}-daily-report",
            name=f"{args.name_prefix}-daily-report",
            description="Daily fraud report for the previous UTC day",
            schedule_expression=DAILY_AT_MIDNIGHT_UTC,
            opts=named,
        )
        aws.cloudwatch.EventTarget(
            f"{name}-daily-report-target",
            rule=rule.name,
            arn=args.report_generator_arn,
            retry_policy=aws.cloudwatch.EventTargetRetryPolicyArgs(
                maximum_retry_attempts=2, maximum_event_age_in_seconds=3600
            ),
            opts=child,
        )
        aws.lambda_.Permission(
            f"{name}-daily-report-invoke",
            action="lambda:InvokeFunction",
            function=args.report_generator_name,
            principal="events.amazonaws.com",
            source_arn=rule.arn,
            opts=child,
        )

        report_queue = self._report_on_failure(name, args, named)

        self.on_failure_queue_url = queue.url
        self.on_failure_queue_name = queue.name
        self.report_failure_queue_name = report_queue.name
        self.schedule_rule_name = rule.name
        self.register_outputs(
            {
                "on_failure_queue_name": self.on_failure_queue_name,
                "report_failure_queue_name": self.report_failure_queue_name,
                "schedule_rule_name": self.schedule_rule_name,
            }
        )

    def _report_on_failure(self, name: str, args: EventsArgs, named: pulumi.ResourceOptions) -> aws.sqs.Queue:
        """EventBridge hands the report generator its event asynchronously: once Lambda has accepted it, EventBridge's
        retry policy no longer applies, and after Lambda's own retries the event would be dropped with the day's
        report. An on-failure destination keeps it (with the error) in an encrypted queue for a re-run."""
        queue = _failure_queue(f"{name}-report-on-failure", f"{args.name_prefix}-report-on-failure", named)
        # Lambda sends to an async destination with the function's role; it checks the permission when the
        # destination is configured, so the policy comes first.
        policy = aws.iam.RolePolicy(
            f"{name}-report-on-failure-policy",
            role=args.report_generator_role_name,
            policy=policy_json([Statement("SendFailedReports", ["sqs:SendMessage"], [queue.arn])]),
            opts=pulumi.ResourceOptions(parent=self),
        )
        aws.lambda_.FunctionEventInvokeConfig(
            f"{name}-report-invoke-config",
            function_name=args.report_generator_name,
            maximum_retry_attempts=2,
            maximum_event_age_in_seconds=3600,
            destination_config=aws.lambda_.FunctionEventInvokeConfigDestinationConfigArgs(
                on_failure=aws.lambda_.FunctionEventInvokeConfigDestinationConfigOnFailureArgs(destination=queue.arn)
            ),
            opts=pulumi.ResourceOptions(parent=self, depends_on=[policy]),
        )
        return queue


def _failure_queue(logical: str, physical: str, opts: pulumi.ResourceOptions) -> aws.sqs.Queue:
    # Encrypted (the messages describe card transactions) and kept the SQS maximum of 14 days for a replay.
    return aws.sqs.Queue(
        logical, name=physical, sqs_managed_sse_enabled=True, message_retention_seconds=14 * 24 * 3600, opts=opts
    )
