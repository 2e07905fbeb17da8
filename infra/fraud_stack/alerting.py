"""Where alarms go: an SNS topic encrypted with a customer key that CloudWatch is allowed to use."""

from __future__ import annotations

import json

import pulumi
import pulumi_aws as aws

from fraud_stack.iam import Statement, assume_role_policy, policy_json

# A key policy must let the account administer the key or AWS refuses it; the actions are listed, never "kms:*".
KEY_ADMIN_ACTIONS = [
    "kms:CancelKeyDeletion",
    "kms:CreateAlias",
    "kms:CreateGrant",
    "kms:Decrypt",
    "kms:DeleteAlias",
    "kms:DescribeKey",
    "kms:DisableKey",
    "kms:DisableKeyRotation",
    "kms:EnableKey",
    "kms:EnableKeyRotation",
    "kms:Encrypt",
    "kms:GenerateDataKey",
    "kms:GetKeyPolicy",
    "kms:GetKeyRotationStatus",
    "kms:ListAliases",
    "kms:ListGrants",
    "kms:ListKeyPolicies",
    "kms:ListKeyRotations",
    "kms:ListResourceTags",
    "kms:PutKeyPolicy",
    "kms:ReEncryptFrom",
    "kms:ReEncryptTo",
    "kms:RetireGrant",
    "kms:RevokeGrant",
    "kms:RotateKeyOnDemand",
    "kms:ScheduleKeyDeletion",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:UpdateAlias",
    "kms:UpdateKeyDescription",
]


# Protocols whose deliveries SNS can log (email cannot report delivery; SMS logs are an account setting). The alarm
# topic has an email subscriber in dev; a pager (HTTPS), ChatOps (Lambda) or queue subscriber is logged from day one.
FEEDBACK_PROTOCOLS = ("http", "lambda", "sqs")
DELIVERY_LOG_ACTIONS = [
    "logs:CreateLogGroup",
    "logs:CreateLogStream",
    "logs:PutLogEvents",
    "logs:PutMetricFilter",
    "logs:PutRetentionPolicy",
]


def alarm_topic(
    name: str,
    name_prefix: str,
    region: str,
    account_id: pulumi.Input[str],
    email: str | None,
    parent: pulumi.Resource,
    log_retention_days: int = 7,
) -> aws.sns.Topic:
    child = pulumi.ResourceOptions(parent=parent)
    named = pulumi.ResourceOptions(parent=parent, delete_before_replace=True)  # fixed names block a create-first
    # CloudWatch sends the alarm's ARN as aws:SourceArn: only this stack's alarms may use the key and the topic.
    alarms = pulumi.Output.concat("arn:aws:cloudwatch:", region, ":", account_id, f":alarm:{name_prefix}-*")
    # The AWS-managed aws/sns key cannot be used by CloudWatch alarms, so the topic gets a customer key (SNS.1).
    key = aws.kms.Key(
        f"{name}-alarms-key",
        description=f"Encrypts the {name_prefix} alarm topic",
        enable_key_rotation=True,
        deletion_window_in_days=30,
        policy=pulumi.Output.all(account_id, alarms).apply(lambda values: _key_policy(*values)),
        opts=child,
    )
    aws.kms.Alias(f"{name}-alarms-key-alias", name=f"alias/{name_prefix}-alarms", target_key_id=key.key_id, opts=named)
    topic_name = f"{name_prefix}-alarms"
    feedback_role, log_groups = _delivery_status_logging(
        name, topic_name, region, account_id, log_retention_days, parent
    )
    topic = aws.sns.Topic(
        f"{name}-alarms",
        name=topic_name,
        kms_master_key_id=key.arn,
        # Log every delivery attempt's status for the protocols that can report it (formerly FSBP SNS.2).
        **{
            f"{protocol}_{outcome}_feedback_role_arn": feedback_role.arn
            for protocol in FEEDBACK_PROTOCOLS
            for outcome in ("success", "failure")
        },
        **{f"{protocol}_success_feedback_sample_rate": 100 for protocol in FEEDBACK_PROTOCOLS},
        # The log groups exist first, with their retention, so SNS never creates one that keeps logs forever.
        opts=pulumi.ResourceOptions(parent=parent, depends_on=log_groups, delete_before_replace=True),
    )
    aws.sns.TopicPolicy(
        f"{name}-alarms-policy",
        arn=topic.arn,
        policy=pulumi.Output.all(topic.arn, account_id, alarms).apply(lambda values: _topic_policy(*values)),
        opts=child,
    )
    if email:
        aws.sns.TopicSubscription(f"{name}-alarms-email", topic=topic.arn, protocol="email", endpoint=email, opts=child)
    return topic


def _from_our_alarms(account_id: str, alarms_arn: str) -> dict[str, dict[str, str]]:
    return {"StringEquals": {"aws:SourceAccount": account_id}, "ArnLike": {"aws:SourceArn": alarms_arn}}


def _delivery_status_logging(
    name: str,
    topic_name: str,
    region: str,
    account_id: pulumi.Input[str],
    retention_days: int,
    parent: pulumi.Resource,
) -> tuple[aws.iam.Role, list[aws.cloudwatch.LogGroup]]:
    """The role SNS assumes to write delivery-status logs, limited to the topic's two log groups, which the stack
    declares with the spec's retention (SNS writes to sns/<region>/<account>/<topic>[/Failure])."""
    child = pulumi.ResourceOptions(parent=parent)
    base = pulumi.Output.concat("sns/", region, "/", account_id, "/", topic_name)
    log_groups = [
        aws.cloudwatch.LogGroup(
            f"{name}-alarms-{kind}",
            name=pulumi.Output.concat(base, suffix),
            retention_in_days=retention_days,
            opts=pulumi.ResourceOptions(parent=parent, delete_before_replace=True),  # fixed names
        )
        for kind, suffix in (("delivery", ""), ("delivery-failures", "/Failure"))
    ]
    role = aws.iam.Role(
        f"{name}-alarms-feedback-role",
        assume_role_policy=assume_role_policy("sns.amazonaws.com", account_id, parent),
        description=f"Lets SNS log the delivery status of {topic_name}",
        opts=child,
    )
    aws.iam.RolePolicy(
        f"{name}-alarms-feedback-policy",
        role=role.id,
        policy=policy_json(
            [
                Statement(
                    sid="WriteDeliveryStatusLogs",
                    actions=DELIVERY_LOG_ACTIONS,
                    resources=[
                        arn for group in log_groups for arn in (group.arn, group.arn.apply(lambda value: f"{value}:*"))
                    ],
                )
            ]
        ),
        opts=child,
    )
    return role, log_groups


def _key_policy(account_id: str, alarms_arn: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "AccountAdministersKey",
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:aws:iam::{account_id}:root"},
                    "Action": KEY_ADMIN_ACTIONS,
                    "Resource": "*",  # in a key policy "*" means this key only
                },
                {
                    "Sid": "CloudWatchAlarmsPublish",
                    "Effect": "Allow",
                    "Principal": {"Service": "cloudwatch.amazonaws.com"},
                    "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
                    "Resource": "*",
                    "Condition": _from_our_alarms(account_id, alarms_arn),
                },
            ],
        },
        sort_keys=True,
    )


def _topic_policy(topic_arn: str, account_id: str, alarms_arn: str) -> str:
    # Only this account's CloudWatch alarms may publish (SNS.4: the topic is not public).
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "CloudWatchAlarmsPublish",
                    "Effect": "Allow",
                    "Principal": {"Service": "cloudwatch.amazonaws.com"},
                    "Action": "sns:Publish",
                    "Resource": topic_arn,
                    "Condition": _from_our_alarms(account_id, alarms_arn),
                }
            ],
        },
        sort_keys=True,
    )
