"""WAFv2: web ACLs have rules (FSBP WAF.10), the AWS rule groups Checkov asks for, and logging (WAF.11)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pulumi_policy import PolicyResource, ResourceValidationArgs, Severity, StackValidationArgs

from fraud_guardrails import types as T
from fraud_guardrails.links import configured, dependency_urns, is_unresolved, of_type, referrers
from fraud_guardrails.metadata import MANDATORY, Undecided, Violation, resource_rule, stack_rule, string_list
from fraud_guardrails.props import UNKNOWN, get, items, length, peek

# CKV2_AWS_77 ("... WebACL is configured with AMR for Log4j Vulnerability") wants both on a REST API's web ACL.
LOG4J_RULE_GROUPS = ["AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesAnonymousIpList"]
WAF_LOG_GROUP_PREFIX = "aws-waf-logs-"  # AWS rejects a CloudWatch Logs destination named otherwise


@resource_rule(
    name="aws-wafv2-webacl-not-empty",
    description="WAF web ACLs have at least one rule or rule group.",
    severity=Severity.MEDIUM,
    enforcement=MANDATORY,
    remediation="Give the aws.wafv2.WebAcl rules (AWS managed rule groups, a rate-based rule); an empty ACL only "
    "applies its default action.",
    types=(T.WAFV2_WEB_ACL,),
    fsbp=("WAF.10",),
)
def web_acl_not_empty(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> Iterator[str]:
    if length(get(args.props, "rules")) == 0 and not get(args.props, "ruleJson"):
        yield "the web ACL has no rule or rule group: every request gets the default action"


def managed_rule_groups(acl_props: Any) -> set[str]:
    """Names of the managed rule groups an ACL's top-level rules use."""
    return {
        name
        for rule in items(peek(acl_props, "rules"))
        if isinstance(name := peek(rule, "statement.managedRuleGroupStatement.name"), str)
    }


@resource_rule(
    name="aws-wafv2-webacl-managed-rule-groups",
    description="WAF web ACLs use the AWS managed rule groups against Log4j-style inputs: known bad inputs and "
    "anonymous IPs.",
    severity=Severity.HIGH,
    enforcement=MANDATORY,
    remediation="Add rules with managed_rule_group_statement names AWSManagedRulesKnownBadInputsRuleSet and "
    "AWSManagedRulesAnonymousIpList (vendor AWS) to the aws.wafv2.WebAcl.",
    types=(T.WAFV2_WEB_ACL,),
    checkov=("CKV2_AWS_77",),  # Checkov asks it of ACLs associated with a REST API stage; this asks it of every ACL
    config={"requiredRuleGroups": string_list(LOG4J_RULE_GROUPS, "AWS managed rule groups every web ACL uses.")},
)
def web_acl_managed_rule_groups(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> Iterator[str]:
    get(args.props, "rules")  # rules set from another resource's output: the SDK's "can't run during preview" note
    missing = [group for group in cfg["requiredRuleGroups"] if group not in managed_rule_groups(args.props)]
    if missing:
        yield f"the web ACL does not use the managed rule group(s) {', '.join(missing)}"


def _log_group_name(destination: Any, log_groups: list[PolicyResource], config: PolicyResource) -> Any:
    """The name of a CloudWatch Logs destination: from the ARN, else from the stack's log group it came from."""
    if isinstance(destination, str) and ":log-group:" in destination:
        return destination.split(":log-group:", 1)[1].removesuffix(":*")
    sources = dependency_urns(config, "logDestinationConfigs")
    names = [peek(group.props, "name") for group in log_groups if group.urn in sources]
    return names[0] if len(names) == 1 else None


@stack_rule(
    name="aws-wafv2-webacl-logging",
    description="Every WAF web ACL logs its traffic to an aws-waf-logs-* destination, with the API key header "
    "redacted.",
    severity=Severity.MEDIUM,
    enforcement=MANDATORY,
    remediation="Declare aws.wafv2.WebAclLoggingConfiguration(resource_arn=acl.arn, log_destination_configs=["
    "<aws-waf-logs-... log group ARN>], redacted_fields=[...single_header name='x-api-key']).",
    controls=("WAF.11",),
    # CKV2_AWS_31 only asks for a logging configuration connected to the ACL; this policy also asks for the
    # aws-waf-logs-* destination and the redacted key, so it fails wherever Checkov does.
    checkov=("CKV2_AWS_31",),
    config={"redactedHeaders": string_list(["x-api-key"], "Request headers the logs must redact (credentials).")},
)
def web_acl_logging(args: StackValidationArgs, cfg: Mapping[str, Any]) -> Iterator[Violation | Undecided]:
    configs = of_type(args.resources, T.WAFV2_WEB_ACL_LOGGING)
    unresolved = [config.name for config in configs if is_unresolved(config, "resourceArn")]
    if unresolved:
        yield Undecided(f"which web ACL {', '.join(unresolved)} logs")
        return
    log_groups = of_type(args.resources, T.LOG_GROUP)
    for acl in of_type(args.resources, T.WAFV2_WEB_ACL):
        found = referrers(acl, configs, "resourceArn", ("arn",))
        if not found:
            yield Violation(f"web ACL {acl.name} has no logging configuration", acl.urn)
        for config in found:
            destinations = peek(config.props, "logDestinationConfigs")
            if length(destinations) == 0:
                yield Violation("the logging configuration has no destination", config.urn)
            known = list(items(destinations))
            # A destination set from a log group's ARN is unknown in a preview: the group's name comes from the
            # dependency instead; when nothing names it, the prefix is not judged.
            for destination in known + [UNKNOWN] * ((length(destinations) or 0) - len(known)):
                name = _log_group_name(destination, log_groups, config)
                if isinstance(name, str) and not name.startswith(WAF_LOG_GROUP_PREFIX):
                    yield Violation(f"log group {name!r} does not start with {WAF_LOG_GROUP_PREFIX!r}", config.urn)
                elif destination is UNKNOWN and not isinstance(name, str):
                    yield Undecided(f"the log destination of {config.name}")
            if destinations is UNKNOWN:
                yield Undecided(f"the log destinations of {config.name}")
            fields = configured(config, "redactedFields")  # optional: unknown in a preview when not set
            if fields is UNKNOWN:
                yield Undecided(f"the redacted fields of {config.name}")
                continue
            redacted = {str(peek(field, "singleHeader.name")).lower() for field in items(fields)}
            missing = [header for header in cfg["redactedHeaders"] if header.lower() not in redacted]
            if missing:
                yield Violation(f"the logs keep header(s) {', '.join(missing)} in clear", config.urn)


POLICIES = [web_acl_not_empty, web_acl_managed_rule_groups, web_acl_logging]
