"""API Gateway (REST): the spec's throttling and INFO logging on every stage, and how the API is protected."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pulumi_policy import PolicyResource, ResourceValidationArgs, Severity, StackValidationArgs

from fraud_guardrails import types as T
from fraud_guardrails.links import configured, dependency_urns, is_unresolved, of_type, referrers
from fraud_guardrails.metadata import (
    ADVISORY,
    MANDATORY,
    Undecided,
    Violation,
    resource_rule,
    setting,
    stack_rule,
    string_list,
)
from fraud_guardrails.props import UNKNOWN, describe, get, number, peek, truthy

ALL_METHODS = "*/*"


@resource_rule(
    name="aws-apigateway-methodsettings-throttling",
    description="API Gateway method settings throttle at no more than 1000 requests per second, as the spec sets.",
    severity=Severity.MEDIUM,
    enforcement=MANDATORY,
    remediation='Set settings.throttling_rate_limit (1..1000) and throttling_burst_limit on the "*/*" '
    "aws.apigateway.MethodSettings of the stage.",
    types=(T.APIGATEWAY_METHOD_SETTINGS,),
    spec=True,
    config={
        "maxRateLimit": setting("number", 1000, "Highest allowed steady-state rate (requests/s).", exclusiveMinimum=0),
        "maxBurstLimit": {
            "type": "integer",
            "minimum": 1,
            "description": "Highest allowed burst (unchecked if unset).",
        },
    },
)
def method_settings_throttling(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> Iterator[str]:
    rate = number(get(args.props, "settings.throttlingRateLimit"))
    if rate is None or rate < 0:
        yield (
            "settings.throttlingRateLimit is not set: only the account's 10000 req/s limit applies "
            f"(max {describe(cfg['maxRateLimit'])})"
        )
    elif not 0 < rate <= cfg["maxRateLimit"]:
        yield f"settings.throttlingRateLimit is {describe(rate)}; expected 1..{describe(cfg['maxRateLimit'])} req/s"
    burst_limit = cfg.get("maxBurstLimit")
    burst = number(get(args.props, "settings.throttlingBurstLimit"))
    if burst_limit is not None and (burst is None or not 0 < burst <= burst_limit):
        yield f"settings.throttlingBurstLimit is {describe(burst)}; expected 1..{describe(burst_limit)}"


@resource_rule(
    name="aws-apigateway-methodsettings-logging-level",
    description="API Gateway method settings write execution logs at INFO, as the spec sets.",
    severity=Severity.MEDIUM,
    enforcement=MANDATORY,
    remediation='Set settings.logging_level="INFO" on the stage\'s method settings (and an aws.apigateway.Account '
    "with a CloudWatch role).",
    types=(T.APIGATEWAY_METHOD_SETTINGS,),
    fsbp=("APIGateway.1",),
    checkov=("CKV2_AWS_4",),
    spec=True,
    config={"loggingLevel": setting("string", "INFO", "Required execution logging level.", enum=["INFO", "ERROR"])},
)
def method_settings_logging_level(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> Iterator[str]:
    level = get(args.props, "settings.loggingLevel")
    if level != cfg["loggingLevel"]:
        yield f"settings.loggingLevel is {describe(level)}; expected {cfg['loggingLevel']!r}"


@resource_rule(
    name="aws-apigateway-methodsettings-data-trace-disabled",
    description="API Gateway does not log full requests and responses (data trace), which would hold card data.",
    severity=Severity.HIGH,
    enforcement=MANDATORY,
    remediation="Set settings.data_trace_enabled=False on every aws.apigateway.MethodSettings.",
    types=(T.APIGATEWAY_METHOD_SETTINGS,),
    checkov=("CKV_AWS_276",),
)
def method_settings_data_trace(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> Iterator[str]:
    if truthy(get(args.props, "settings.dataTraceEnabled")):
        yield "settings.dataTraceEnabled is true: request and response bodies land in the execution logs"


@resource_rule(
    name="aws-apigateway-methodsettings-cache-encrypted",
    description="API Gateway response caches, where enabled, are encrypted.",
    severity=Severity.MEDIUM,
    enforcement=MANDATORY,
    remediation="Set settings.cache_data_encrypted=True wherever settings.caching_enabled is True.",
    types=(T.APIGATEWAY_METHOD_SETTINGS,),
    fsbp=("APIGateway.5",),
    checkov=("CKV_AWS_308",),
)
def method_settings_cache_encrypted(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> Iterator[str]:
    if truthy(get(args.props, "settings.cachingEnabled")) and not truthy(
        get(args.props, "settings.cacheDataEncrypted")
    ):
        yield "settings.cachingEnabled is true but settings.cacheDataEncrypted is not"


@resource_rule(
    name="aws-apigateway-method-authorization",
    description="Every API Gateway method requires an API key or an authorizer.",
    severity=Severity.HIGH,
    enforcement=MANDATORY,
    remediation="Set api_key_required=True (with a usage plan and key) or authorization to AWS_IAM, COGNITO_USER_POOLS "
    "or CUSTOM on the aws.apigateway.Method.",
    types=(T.APIGATEWAY_METHOD,),
    checkov=("CKV_AWS_59", "CKV2_AWS_70"),
    config={"exemptHttpMethods": string_list(["OPTIONS"], "Methods left open (CORS preflight).")},
)
def method_authorization(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> Iterator[str]:
    if peek(args.props, "httpMethod") in cfg["exemptHttpMethods"]:
        return
    authorization = get(args.props, "authorization")
    if not truthy(get(args.props, "apiKeyRequired")) and authorization in (None, "NONE"):
        yield f"authorization is {describe(authorization)} and apiKeyRequired is not true: anyone can call it"


@resource_rule(
    name="aws-apigateway-method-request-validation",
    description="API Gateway methods validate the request before it reaches the function.",
    severity=Severity.LOW,
    enforcement=ADVISORY,
    remediation="Set request_validator_id (an aws.apigateway.RequestValidator validating body and parameters).",
    types=(T.APIGATEWAY_METHOD,),
    checkov=("CKV2_AWS_53",),
)
def method_request_validation(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> Iterator[str]:
    # Every method, as Checkov CKV2_AWS_53 asks: a GET's path and query parameters need validating as much as a body.
    if peek(args.props, "requestValidatorId") is None:
        method = describe(peek(args.props, "httpMethod"))
        yield f"requestValidatorId is not set: malformed {method} requests reach the function"


@resource_rule(
    name="aws-apigateway-stage-access-logging",
    description="API Gateway stages write access logs.",
    severity=Severity.MEDIUM,
    enforcement=MANDATORY,
    remediation="Set access_log_settings (a log group's destination_arn and a JSON format) on the Stage.",
    types=(T.APIGATEWAY_STAGE,),
    checkov=("CKV_AWS_76",),
)
def stage_access_logging(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> Iterator[str]:
    if peek(args.props, "accessLogSettings.destinationArn") is None:
        yield "accessLogSettings.destinationArn is not set"
    if peek(args.props, "accessLogSettings.format") is None:
        yield "accessLogSettings.format is not set"


@resource_rule(
    name="aws-apigateway-stage-xray",
    description="API Gateway stages have X-Ray tracing.",
    severity=Severity.LOW,
    enforcement=MANDATORY,
    remediation="Set xray_tracing_enabled=True on the aws.apigateway.Stage.",
    types=(T.APIGATEWAY_STAGE,),
    fsbp=("APIGateway.3",),
    checkov=("CKV_AWS_73",),
)
def stage_xray(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> Iterator[str]:
    if not truthy(get(args.props, "xrayTracingEnabled")):
        yield "xrayTracingEnabled is not true"


def _same_api(settings: PolicyResource, stage: PolicyResource) -> bool:
    mine, theirs = peek(settings.props, "restApi"), peek(stage.props, "restApi")
    if isinstance(mine, str) and isinstance(theirs, str):
        return mine == theirs
    return bool(dependency_urns(settings, "restApi") & dependency_urns(stage, "restApi"))


def _settings_of(stage: PolicyResource, all_settings: list[PolicyResource]) -> list[PolicyResource]:
    name = peek(stage.props, "stageName")
    return [
        settings
        for settings in all_settings
        if stage.urn in dependency_urns(settings, "stageName")
        or (isinstance(name, str) and peek(settings.props, "stageName") == name and _same_api(settings, stage))
    ]


@stack_rule(
    name="aws-apigateway-stage-method-settings",
    description='Every API Gateway stage has "*/*" method settings, so throttling and logging cover every method.',
    severity=Severity.MEDIUM,
    enforcement=MANDATORY,
    remediation='Declare aws.apigateway.MethodSettings(rest_api=..., stage_name=stage.stage_name, method_path="*/*", '
    "settings=...) for every stage.",
    fsbp=("APIGateway.1",),
    spec=True,
)
def stage_method_settings(args: StackValidationArgs, cfg: Mapping[str, Any]) -> Iterator[Violation | Undecided]:
    all_settings = of_type(args.resources, T.APIGATEWAY_METHOD_SETTINGS)
    unresolved = [settings.name for settings in all_settings if is_unresolved(settings, "stageName")]
    if unresolved:
        yield Undecided(f"which stage {', '.join(unresolved)} is for")
        return
    for stage in of_type(args.resources, T.APIGATEWAY_STAGE):
        paths = [peek(settings.props, "methodPath") for settings in _settings_of(stage, all_settings)]
        if ALL_METHODS in paths:
            continue
        if UNKNOWN in paths:
            yield Undecided(f"the method paths of stage {describe(peek(stage.props, 'stageName'))}'s settings")
        else:
            yield Violation(
                f'stage {describe(peek(stage.props, "stageName"))} has no "*/*" method settings '
                "(no throttling or execution logging for most methods)",
                stage.urn,
            )


@stack_rule(
    name="aws-apigateway-stage-waf",
    description="Every API Gateway stage is protected by a WAF web ACL.",
    severity=Severity.MEDIUM,
    enforcement=MANDATORY,
    remediation="Declare an aws.wafv2.WebAcl (scope REGIONAL, AWS managed rules, a rate rule) and an "
    "aws.wafv2.WebAclAssociation(resource_arn=stage.arn, web_acl_arn=acl.arn).",
    fsbp=("APIGateway.4",),
    checkov=("CKV2_AWS_29",),  # CKV2_AWS_77 reads the ACL's rule groups: aws-wafv2-webacl-managed-rule-groups
)
def stage_waf(args: StackValidationArgs, cfg: Mapping[str, Any]) -> Iterator[Violation | Undecided]:
    associations = of_type(args.resources, T.WAFV2_WEB_ACL_ASSOCIATION)
    unresolved = [association.name for association in associations if is_unresolved(association, "resourceArn")]
    if unresolved:
        yield Undecided(f"which resource {', '.join(unresolved)} protects")
        return
    for stage in of_type(args.resources, T.APIGATEWAY_STAGE):
        # `webAclArn` is computed only (an association sets it): unknown during a preview, which is no association.
        if configured(stage, "webAclArn") is not None or referrers(stage, associations, "resourceArn", ("arn",)):
            continue
        yield Violation(f"stage {describe(peek(stage.props, 'stageName'))} has no WAF web ACL association", stage.urn)


@stack_rule(
    name="aws-apigateway-account-cloudwatch-role",
    description="When stages write execution logs, the stack sets API Gateway's account-level CloudWatch role.",
    severity=Severity.LOW,
    enforcement=ADVISORY,
    remediation="Declare aws.apigateway.Account(cloudwatch_role_arn=...) with a role trusted by "
    "apigateway.amazonaws.com, and make the stage depend on it (or confirm the account already has one).",
    # A prerequisite of APIGateway.1 (no execution logs without the role), not the control itself: no FSBP tag.
)
def account_cloudwatch_role(args: StackValidationArgs, cfg: Mapping[str, Any]) -> Iterator[Violation]:
    logging = [
        settings
        for settings in of_type(args.resources, T.APIGATEWAY_METHOD_SETTINGS)
        if peek(settings.props, "settings.loggingLevel") in ("INFO", "ERROR")
    ]
    accounts = of_type(args.resources, T.APIGATEWAY_ACCOUNT)
    # `cloudwatchRoleArn` is optional and computed: an Account that does not set it shows it unknown in a preview.
    if logging and not any(configured(account, "cloudwatchRoleArn") is not None for account in accounts):
        for settings in logging:
            yield Violation(
                "execution logging is on but no aws.apigateway.Account sets a CloudWatch role: API Gateway "
                "rejects the setting in an account without one",
                settings.urn,
            )


POLICIES = [
    method_settings_throttling,
    method_settings_logging_level,
    method_settings_data_trace,
    method_settings_cache_encrypted,
    method_authorization,
    method_request_validation,
    stage_access_logging,
    stage_xray,
    stage_method_settings,
    stage_waf,
    account_cloudwatch_role,
]
