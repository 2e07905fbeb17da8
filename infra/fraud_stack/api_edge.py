"""What sits around the REST API: the account's logging role for API Gateway and the WAF in front of the stage."""

from __future__ import annotations

import pulumi
import pulumi_aws as aws

from fraud_stack.iam import Statement, assume_role_policy, policy_json


def execution_logging_account(
    name: str,
    region: str,
    account_id: pulumi.Input[str],
    api_id: pulumi.Input[str],
    access_log_group_arn: pulumi.Input[str],
    parent: pulumi.Resource,
) -> aws.apigateway.Account:
    """API Gateway writes execution and access logs only with an account-level CloudWatch role (one per account and
    region).

    The trust policy is the one AWS documents for this role, with no aws:SourceAccount condition: API Gateway is not
    documented to send it when UpdateAccount validates the role, and a refused validation would stop the deploy.
    The inline policy spells out the write actions of AmazonAPIGatewayPushToCloudWatchLogs (not its two read actions)
    on this API's log groups and on /aws/apigateway/welcome, which API Gateway writes to when it checks the role.
    """
    child = pulumi.ResourceOptions(parent=parent)
    role = aws.iam.Role(
        f"{name}-cloudwatch-role",
        assume_role_policy=assume_role_policy("apigateway.amazonaws.com", None, parent),
        description="Lets API Gateway write the execution and access logs of this stack's API",
        opts=child,
    )
    log_groups = pulumi.Output.concat("arn:aws:logs:", region, ":", account_id, ":log-group:")
    groups = pulumi.Output.all(log_groups, api_id, access_log_group_arn).apply(
        lambda v: [f"{v[0]}API-Gateway-Execution-Logs_{v[1]}/*", v[2], f"{v[0]}/aws/apigateway/welcome"]
    )
    streams = groups.apply(lambda arns: [f"{arn}:*" for arn in arns])
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
                        "logs:DescribeLogStreams",
                        "logs:PutLogEvents",
                    ],
                    resources=[groups, streams],
                ),
                # DescribeLogGroups supports no resource-level permission (the Service Authorization Reference
                # lists no resource type for it): a grant on a log-group ARN would allow nothing. Resource "*".
                Statement(sid="FindLogGroups", actions=["logs:DescribeLogGroups"], resources=["*"]),
            ]
        ),
        opts=child,
    )
    return aws.apigateway.Account(
        f"{name}-account",
        cloudwatch_role_arn=role.arn,
        opts=pulumi.ResourceOptions(parent=parent, depends_on=[policy]),
    )


# Managed rules whose block would replace the API's own answer (or refuse legitimate clients) are set to count, so
# they stay visible in the WAF's metrics and logs:
# - SizeRestrictions_BODY blocks bodies over 8 KB with 403, but the API answers 413 above its 16 KB limit;
# - NoUserAgent_HEADER blocks requests without a User-Agent, which server-to-server payment clients often send;
# - HostingProviderIPList blocks cloud-hosted sources, where merchants' back ends run. AnonymousIPList (VPNs, Tor,
#   proxies) still blocks.
COUNTED_RULES = {
    "AWSManagedRulesCommonRuleSet": ("SizeRestrictions_BODY", "NoUserAgent_HEADER"),
    "AWSManagedRulesKnownBadInputsRuleSet": (),
    "AWSManagedRulesAnonymousIpList": ("HostingProviderIPList",),
}
API_KEY_HEADER = "x-api-key"  # redacted from the WAF logs: it is the caller's credential


def declare_waf(
    name: str,
    name_prefix: str,
    stage_arn: pulumi.Input[str],
    rate_limit: int,
    log_retention_days: int,
    parent: pulumi.Resource,
) -> aws.wafv2.WebAcl:
    """FSBP APIGateway.4: AWS managed rules against common exploits, known bad inputs (Log4j included) and anonymous
    sources, and a per-client rate cap; every request logged (WAF.11) with the API key redacted."""
    child = pulumi.ResourceOptions(parent=parent)
    named = pulumi.ResourceOptions(parent=parent, delete_before_replace=True)  # fixed names block a create-first

    def visibility(metric: str) -> aws.wafv2.WebAclVisibilityConfigArgs:
        return aws.wafv2.WebAclVisibilityConfigArgs(
            cloudwatch_metrics_enabled=True, metric_name=metric, sampled_requests_enabled=True
        )

    def managed(priority: int, group: str) -> aws.wafv2.WebAclRuleArgs:
        counted = [
            aws.wafv2.WebAclRuleStatementManagedRuleGroupStatementRuleActionOverrideArgs(
                name=rule,
                action_to_use=aws.wafv2.WebAclRuleStatementManagedRuleGroupStatementRuleActionOverrideActionToUseArgs(
                    count=aws.wafv2.WebAclRuleStatementManagedRuleGroupStatementRuleActionOverrideActionToUseCountArgs()
                ),
            )
            for rule in COUNTED_RULES[group]
        ]
        return aws.wafv2.WebAclRuleArgs(
            name=group,
            priority=priority,
            override_action=aws.wafv2.WebAclRuleOverrideActionArgs(none=aws.wafv2.WebAclRuleOverrideActionNoneArgs()),
            statement=aws.wafv2.WebAclRuleStatementArgs(
                managed_rule_group_statement=aws.wafv2.WebAclRuleStatementManagedRuleGroupStatementArgs(
                    vendor_name="AWS", name=group, rule_action_overrides=counted or None
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
            *(managed(priority, group) for priority, group in enumerate(COUNTED_RULES, start=1)),
            aws.wafv2.WebAclRuleArgs(
                name="per-client-rate-cap",
                priority=len(COUNTED_RULES) + 1,
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
        opts=named,
    )
    aws.wafv2.WebAclAssociation(f"{name}-waf-association", resource_arn=stage_arn, web_acl_arn=acl.arn, opts=child)
    # WAF delivers only to log groups named aws-waf-logs-*; it adds the log group's resource policy itself.
    logs = aws.cloudwatch.LogGroup(
        f"{name}-waf-logs", name=f"aws-waf-logs-{name_prefix}", retention_in_days=log_retention_days, opts=named
    )
    aws.wafv2.WebAclLoggingConfiguration(
        f"{name}-waf-logging",
        resource_arn=acl.arn,
        log_destination_configs=[logs.arn],
        redacted_fields=[
            aws.wafv2.WebAclLoggingConfigurationRedactedFieldArgs(
                single_header=aws.wafv2.WebAclLoggingConfigurationRedactedFieldSingleHeaderArgs(name=API_KEY_HEADER)
            )
        ],
        opts=child,
    )
    return acl
