"""S3 event notifications (FSBP S3.11): every bucket tells a topic, a queue or a function about its objects."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pulumi_policy import Severity, StackValidationArgs

from fraud_guardrails import types as T
from fraud_guardrails.links import configured
from fraud_guardrails.metadata import ADVISORY, Undecided, Violation, stack_rule
from fraud_guardrails.props import UNKNOWN, length, truthy
from fraud_guardrails.s3_buckets import Buckets, bucket_label

# The destinations of an S3 notification configuration. EventBridge delivery alone is not counted: it configures
# no destination, and AWS Config's s3-event-notifications-enabled looks for one (stricter if Config accepts it).
DESTINATIONS = ("topics", "queues", "lambdaFunctions")


@stack_rule(
    name="aws-s3-bucket-event-notifications",
    description="Every S3 bucket sends event notifications to an SNS topic, an SQS queue or a Lambda function.",
    severity=Severity.LOW,
    enforcement=ADVISORY,  # a bucket without a consumer of its events gains nothing from them: a judgement call
    remediation="Declare aws.s3.BucketNotification(bucket=..., topics|queues|lambda_functions=[...(events=[...])]) "
    "with the consumer that needs the events (e.g. an alarm on s3:ObjectRemoved:*).",
    fsbp=("S3.11",),
    # CKV2_AWS_62 passes a bucket connected to any aws_s3_bucket_notification; this policy also wants a destination.
    checkov=("CKV2_AWS_62",),
)
def bucket_event_notifications(args: StackValidationArgs, cfg: Mapping[str, Any]) -> Iterator[Violation | Undecided]:
    stack = Buckets(args)
    for bucket in stack.buckets:
        configs = stack.configs(bucket, T.S3_BUCKET_NOTIFICATION)
        unresolved = stack.unresolved(T.S3_BUCKET_NOTIFICATION)
        if not configs and unresolved:
            yield Undecided(f"which bucket {', '.join(unresolved)} is for")
            continue
        # The destination lists are outputs too: unknown in a preview when unset, which is no destination.
        counts = [length(configured(config, key)) for config in configs for key in DESTINATIONS]
        if any(count is None or count > 0 for count in counts):
            continue  # a destination (or a list set from another resource's output, known at deploy time)
        only_eventbridge = any(
            truthy(eventbridge := configured(c, "eventbridge")) or eventbridge is UNKNOWN for c in configs
        )
        detail = " (EventBridge delivery only)" if only_eventbridge else ""
        yield Violation(f"bucket {bucket_label(bucket)} sends no event notifications{detail}", bucket.urn)


POLICIES = [bucket_event_notifications]
