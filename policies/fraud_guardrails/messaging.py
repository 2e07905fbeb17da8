"""SQS and SNS: queues and topics encrypted at rest and not open to the public."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pulumi_policy import ResourceValidationArgs, Severity

from fraud_guardrails import types as T
from fraud_guardrails.documents import DocumentError, parse, public_grants
from fraud_guardrails.metadata import MANDATORY, resource_rule
from fraud_guardrails.props import falsy, get, peek, truthy


def _public_policy_findings(args: ResourceValidationArgs) -> Iterator[str]:
    try:
        yield from public_grants(parse(get(args.props, "policy")))
    except DocumentError as error:
        yield str(error)


@resource_rule(
    name="aws-sqs-queue-encryption",
    description="SQS queues are encrypted at rest (SSE-SQS or a KMS key).",
    severity=Severity.MEDIUM,
    enforcement=MANDATORY,
    remediation="Set sqs_managed_sse_enabled=True (or kms_master_key_id) on the aws.sqs.Queue.",
    types=(T.SQS_QUEUE,),
    fsbp=("SQS.1",),
    checkov=("CKV_AWS_27",),
)
def queue_encryption(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> Iterator[str]:
    if peek(args.props, "kmsMasterKeyId") is not None:  # a key, also one set from a key's ARN unknown in preview
        return
    managed = get(args.props, "sqsManagedSseEnabled")  # set from an output: the SDK's "can't run" note, no guess
    if truthy(managed):
        return
    yield (
        "sqsManagedSseEnabled is false and no kmsMasterKeyId is set"
        if falsy(managed)
        else ("neither sqsManagedSseEnabled nor kmsMasterKeyId is set")
    )


@resource_rule(
    name="aws-sqs-queuepolicy-no-public-access",
    description="SQS queue policies grant nothing to the public.",
    severity=Severity.HIGH,
    enforcement=MANDATORY,
    remediation='Replace Principal "*" with the service or account that needs the queue, or add an aws:SourceArn '
    "condition.",
    types=(T.SQS_QUEUE_POLICY, T.SQS_QUEUE),
    fsbp=("SQS.3",),
    checkov=("CKV_AWS_168", "CKV_AWS_387"),
)
def queue_policy_not_public(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> Iterator[str]:
    yield from _public_policy_findings(args)


@resource_rule(
    name="aws-sns-topic-encryption",
    description="SNS topics are encrypted at rest with a KMS key.",
    severity=Severity.MEDIUM,
    enforcement=MANDATORY,
    remediation="Set kms_master_key_id on the aws.sns.Topic: a customer key whose policy lets cloudwatch.amazonaws.com "
    "use it, since alarms cannot publish to a topic under the AWS-managed aws/sns key.",
    types=(T.SNS_TOPIC,),
    fsbp=("SNS.1",),
    checkov=("CKV_AWS_26",),
)
def topic_encryption(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> Iterator[str]:
    if peek(args.props, "kmsMasterKeyId") is None:
        yield "kmsMasterKeyId is not set"


@resource_rule(
    name="aws-sns-topicpolicy-no-public-access",
    description="SNS topic policies grant nothing to the public.",
    severity=Severity.HIGH,
    enforcement=MANDATORY,
    remediation='Replace Principal "*" with the publishing service (cloudwatch.amazonaws.com) and an '
    "aws:SourceAccount condition.",
    types=(T.SNS_TOPIC_POLICY, T.SNS_TOPIC),
    fsbp=("SNS.4",),
    checkov=("CKV_AWS_169",),
)
def topic_policy_not_public(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> Iterator[str]:
    yield from _public_policy_findings(args)


@resource_rule(
    name="aws-sqs-queuepolicy-no-wildcard-actions",
    description='SQS queue policies allow no "*" and no "sqs:*" action.',
    severity=Severity.MEDIUM,
    enforcement=MANDATORY,
    remediation="List the queue actions each principal needs (e.g. sqs:SendMessage for a producer).",
    types=(T.SQS_QUEUE_POLICY, T.SQS_QUEUE),
    # Checkov CKV_AWS_72 fails a policy whose first statement's Action is "*", whatever its effect; this fails any
    # statement with "*" (any effect) and any Allow of "sqs:*".
    checkov=("CKV_AWS_72",),
)
def queue_policy_no_wildcard_actions(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> Iterator[str]:
    try:
        statements = parse(get(args.props, "policy"))
    except DocumentError as error:
        yield str(error)
        return
    for statement in statements:
        if any(action.strip() == "*" for action in statement.actions):
            yield f'{statement.label} names every action ("*")'
        elif statement.allows and any(action.strip().lower() == "sqs:*" for action in statement.actions):
            yield f'{statement.label} allows every queue action ("sqs:*")'


# SNS topic attributes that turn on delivery-status logging, one pair per protocol that supports it. Email and SMS
# have none at the topic: email cannot report delivery, and SMS delivery logs are an account setting.
FEEDBACK_PROTOCOLS = ("application", "firehose", "http", "lambda", "sqs")


@resource_rule(
    name="aws-sns-topic-delivery-status-logging",
    description="SNS topics log the delivery status of their messages (a feedback role for at least one protocol).",
    severity=Severity.LOW,
    enforcement=MANDATORY,
    remediation="Set <protocol>_success_feedback_role_arn and <protocol>_failure_feedback_role_arn (and a success "
    "sample rate) on the aws.sns.Topic for the protocols it delivers to (HTTP/S, Lambda, SQS, Firehose, "
    "application), with a role SNS may assume that writes to sns/<region>/<account>/<topic> log groups.",
    types=(T.SNS_TOPIC,),
    # No control: Security Hub retired SNS.2, which checked this, in April 2024 (catalogue.yaml `retired`). Knowing
    # whether an alarm reached its pager still matters, so the check stays as a best practice of its own.
)
def topic_delivery_status_logging(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> Iterator[str]:
    roles = [
        peek(args.props, f"{protocol}{outcome}FeedbackRoleArn")
        for protocol in FEEDBACK_PROTOCOLS
        for outcome in ("Success", "Failure")
    ]
    if all(role is None for role in roles):
        yield "no <protocol>FailureFeedbackRoleArn or SuccessFeedbackRoleArn is set: delivery status is not logged"


POLICIES = [
    queue_encryption,
    queue_policy_not_public,
    queue_policy_no_wildcard_actions,
    topic_encryption,
    topic_delivery_status_logging,
    topic_policy_not_public,
]
