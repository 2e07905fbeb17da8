"""Stack changes the policy pack already checks for, made by issue 9 (worktree realpath) in parallel.

Until they land in infra/, the real stack fails these mandatory policies, and the tests that review the real stack
leave exactly these findings aside. tests/policies/test_policy_real_stack.py fails once a change has landed (the
policy no longer fires): delete its entry then. ANTICIPATED holds the source edits that make each pass, applied to a
copy of the program by test_policy_pending_stack_changes.py, so the pack is proven to accept the intended stack.
"""

from __future__ import annotations

AWAITING_STACK_CHANGES = {
    "aws-wafv2-webacl-managed-rule-groups": "issue 9: AWSManagedRulesAnonymousIpList on the web ACL (CKV2_AWS_77)",
    "aws-wafv2-webacl-logging": "issue 9: the web ACL's logging configuration (WAF.11)",
    "aws-iam-policy-no-wildcard-resources": "issue 9: ENI write actions scoped to ARNs (CKV_AWS_355/290)",
}

_ENI_SCOPED = """Statement(
            sid="ManageVpcNetworkInterfaces",
            actions=[a for a in LAMBDA_VPC_NETWORK_INTERFACE_ACTIONS if not a.startswith("ec2:Describe")],
            resources=[pulumi.Output.concat("arn:aws:ec2:*:", settings.account_id, ":", kind, "/*")
                       for kind in ("network-interface", "subnet", "security-group")],
        ),
        Statement(sid="DescribeVpcNetwork", actions=["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"],
                  resources=["*"]),"""
_WAF_LOGGING = """    log_group = aws.cloudwatch.LogGroup(f"{name}-waf-logs", name=f"aws-waf-logs-{name_prefix}-api",
                                        retention_in_days=7, opts=child)
    aws.wafv2.WebAclLoggingConfiguration(
        f"{name}-waf-logging",
        resource_arn=acl.arn,
        log_destination_configs=[log_group.arn],
        redacted_fields=[aws.wafv2.WebAclLoggingConfigurationRedactedFieldArgs(
            single_header=aws.wafv2.WebAclLoggingConfigurationRedactedFieldSingleHeaderArgs(name="x-api-key"))],
        opts=child,
    )
    aws.wafv2.WebAclAssociation("""

# (file, old, new): each `old` occurs exactly once in the current program.
ANTICIPATED = [
    (
        "infra/fraud_stack/lambda_function.py",
        'Statement(sid="ManageVpcNetworkInterfaces", actions=LAMBDA_VPC_NETWORK_INTERFACE_ACTIONS, resources=["*"]),',
        _ENI_SCOPED,
    ),
    (
        "infra/fraud_stack/api_edge.py",
        'managed(2, "AWSManagedRulesKnownBadInputsRuleSet"),',
        'managed(2, "AWSManagedRulesKnownBadInputsRuleSet"),\n'
        '            managed(4, "AWSManagedRulesAnonymousIpList"),',
    ),
    ("infra/fraud_stack/api_edge.py", "    aws.wafv2.WebAclAssociation(", _WAF_LOGGING),
]
