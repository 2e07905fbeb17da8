"""What sits around the REST API: the account's logging role for API Gateway and the WAF in front of the stage."""

from __future__ import annotations

import pulumi
import pulumi_aws as aws

from fraud_stack.iam import Statement, assume_role_policy, policy_json


def execution_logging_account(
    name: str, region: str, account_id: pulumi.Input[str], parent: pulumi.Resource
) -> aws.apigateway.Account:
    """API Gateway writes execution logs only with an account-level CloudWatch role (one per account and region).

    The inline policy spells out what AmazonAPIGatewayPushToCloudWatchLogs grants, scoped to this account's log groups
    instead of "*".
    """
    child = pulumi.ResourceOptions(parent=parent)
    role = aws.iam.Role(
        f"{name}-cloudwatch-role",
        assume_role_policy=assume_role_policy("apigateway.amazonaws.com", account_id, parent),
        description="Lets API Gateway write execution and access logs of this account's APIs",
        opts=child,
    )
    policy = aws.iam.RolePolicy(
        f"{name}-cloudwatch-policy",
        role=role.id,
        policy=policy_json(
            [
                Statement(
                    sid="PushApiGatewayLogs",
                    actions=[
                        "logs:CreateLogGroup",
                        "logs:CreateLogStream",
                        "logs:DescribeLogGroups",
                        "logs:DescribeLogStreams",
                        "logs:PutLogEvents",
                        "logs:GetLogEvents",
                        "logs:FilterLogEvents",
                    ],
                    resources=[pulumi.Output.concat("arn:aws:logs:", region, ":", account_id, ":log-group:*")],
                )
            ]
        ),
        opts=child,
    )
    return aws.apigateway.Account(
        f"{name}-account",
        cloudwatch_role_arn=role.arn,
        opts=pulumi.ResourceOptions(parent=parent, depends_on=[policy]),
    )


def declare_waf(
    name: str, name_prefix: str, stage_arn: pulumi.Input[str], rate_limit: int, parent: pulumi.Resource
) -> aws.wafv2.WebAcl:
    """FSBP APIGateway.4: AWS managed rules against common exploits and bad inputs, and a per-client rate cap."""
    child = pulumi.ResourceOptions(parent=parent)

    def visibility(metric: str) -> aws.wafv2.WebAclVisibilityConfigArgs:
        return aws.wafv2.WebAclVisibilityConfigArgs(
            cloudwatch_metrics_enabled=True, metric_name=metric, sampled_requests_enabled=True
        )

    def managed(priority: int, group: str) -> aws.wafv2.WebAclRuleArgs:
        return aws.wafv2.WebAclRuleArgs(
            name=group,
            priority=priority,
            override_action=aws.wafv2.WebAclRuleOverrideActionArgs(none=aws.wafv2.WebAclRuleOverrideActionNoneArgs()),
            statement=aws.wafv2.WebAclRuleStatementArgs(
                managed_rule_group_statement=aws.wafv2.WebAclRuleStatementManagedRuleGroupStatementArgs(
                    vendor_name="AWS", name=group
                )
            ),
            visibility_config=visibility(group),
        )

    acl = aws.wafv2.WebAcl(
        f"{name}-waf",
        name=f"{name_prefix}-api",
        scope="REGIONAL",
        default_action=aws.wafv2.WebAclDefaultActionArgs(allow=aws.wafv2.WebAclDefaultActionAllowArgs()),
        rules=[
            managed(1, "AWSManagedRulesCommonRuleSet"),
            managed(2, "AWSManagedRulesKnownBadInputsRuleSet"),
            aws.wafv2.WebAclRuleArgs(
                name="per-client-rate-cap",
                priority=3,
                action=aws.wafv2.WebAclRuleActionArgs(block=aws.wafv2.WebAclRuleActionBlockArgs()),
                statement=aws.wafv2.WebAclRuleStatementArgs(
                    rate_based_statement=aws.wafv2.WebAclRuleStatementRateBasedStatementArgs(
                        # Requests per 5 minutes from one IP: a fifth of the stage's rate, so no single client can
                        # take the whole stage.
                        limit=rate_limit * 60,
                        aggregate_key_type="IP",
                    )
                ),
                visibility_config=visibility("per-client-rate-cap"),
            ),
        ],
        visibility_config=visibility(f"{name_prefix}-api"),
        opts=child,
    )
    aws.wafv2.WebAclAssociation(f"{name}-waf-association", resource_arn=stage_arn, web_acl_arn=acl.arn, opts=child)
    return acl
