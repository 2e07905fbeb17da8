"""Lambda: the spec's runtime, concurrency and timeout, and how functions are reached, traced, logged and placed."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from pulumi_policy import PolicyResource, ResourceValidationArgs, Severity, StackValidationArgs

from fraud_guardrails import types as T
from fraud_guardrails.links import configured, of_type, referenced
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
from fraud_guardrails.props import UNKNOWN, describe, entries, get, length, number, peek, truthy


@resource_rule(
    name="aws-lambda-function-runtime",
    description="Lambda functions use the runtime the stack sets (python3.13).",
    severity=Severity.HIGH,
    enforcement=MANDATORY,
    remediation='Set runtime="python3.13" on the aws.lambda_.Function (a zip package, not a container image).',
    types=(T.LAMBDA_FUNCTION,),
    spec=True,  # a pin, not Lambda.2: whether AWS still supports the runtime is lambda_runtimes.py's question
    config={"allowedRuntimes": string_list(["python3.13"], "Runtimes a function may use.")},
)
def function_runtime(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> Iterator[str]:
    runtime = get(args.props, "runtime")
    if runtime not in cfg["allowedRuntimes"]:
        yield f"runtime is {describe(runtime)}; allowed: {', '.join(cfg['allowedRuntimes'])}"


@resource_rule(
    name="aws-lambda-function-reserved-concurrency",
    description="Lambda functions reserve the concurrency the spec sets (100).",
    severity=Severity.MEDIUM,
    enforcement=MANDATORY,
    remediation="Set reserved_concurrent_executions=100 on the function (the account needs 100 unreserved on top).",
    types=(T.LAMBDA_FUNCTION,),
    checkov=("CKV_AWS_115",),
    spec=True,
    config={"reservedConcurrency": setting("integer", 100, "Reserved concurrent executions per function.", minimum=0)},
)
def function_reserved_concurrency(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> Iterator[str]:
    value = get(args.props, "reservedConcurrentExecutions")
    if number(value) != cfg["reservedConcurrency"]:
        shown = "unreserved" if value is None or number(value) == -1 else describe(value)
        yield f"reservedConcurrentExecutions is {shown}; expected {describe(cfg['reservedConcurrency'])}"


@resource_rule(
    name="aws-lambda-function-timeout",
    description="Lambda functions have the timeout the spec sets (300 s).",
    severity=Severity.LOW,
    enforcement=MANDATORY,
    remediation="Set timeout=300 on the function (behind API Gateway the client still sees 504 after 29 s).",
    types=(T.LAMBDA_FUNCTION,),
    spec=True,
    config={"timeoutSeconds": setting("integer", 300, "Function timeout in seconds.", minimum=1, maximum=900)},
)
def function_timeout(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> Iterator[str]:
    value = get(args.props, "timeout")
    if number(value) != cfg["timeoutSeconds"]:
        shown = "not set (Lambda's default is 3 s)" if value is None else f"{describe(value)} s"
        yield f"timeout is {shown}; expected {describe(cfg['timeoutSeconds'])} s"


@resource_rule(
    name="aws-lambda-function-tracing",
    description="Lambda functions have X-Ray active tracing.",
    severity=Severity.LOW,
    enforcement=MANDATORY,
    remediation='Set tracing_config=...FunctionTracingConfigArgs(mode="Active") and allow xray:PutTraceSegments.',
    types=(T.LAMBDA_FUNCTION,),
    checkov=("CKV_AWS_50",),
)
def function_tracing(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> Iterator[str]:
    mode = get(args.props, "tracingConfig.mode")
    if mode != "Active":
        yield f"tracingConfig.mode is {describe(mode)}; expected 'Active'"


_SECRET_NAME = re.compile(r"SECRET|PASSWORD|PASSWD|PRIVATE_?KEY|ACCESS_?KEY|API_?KEY|TOKEN|CREDENTIAL", re.I)
_AWS_ACCESS_KEY = re.compile(r"\b(AKIA|ASIA)[0-9A-Z]{16}\b")


@resource_rule(
    name="aws-lambda-function-no-secrets-in-env",
    description="Lambda environment variables carry no secrets in plain text.",
    severity=Severity.HIGH,
    enforcement=ADVISORY,
    remediation="Keep secrets in Secrets Manager or SSM Parameter Store and pass their name or ARN instead.",
    types=(T.LAMBDA_FUNCTION,),
    checkov=("CKV_AWS_45",),
)
def function_no_secrets_in_env(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> Iterator[str]:
    # A whole map set from an output is unknown in a preview: get() lets the SDK say so instead of passing it.
    variables = list(entries(get(args.props, "environment.variables")))
    for name, value in variables:
        if not isinstance(value, str) or not value or value.startswith(("arn:", "{{resolve:", "/")):
            continue
        if _SECRET_NAME.search(name) or _AWS_ACCESS_KEY.search(value):
            yield f"environment variable {name} looks like a secret held in plain text"
    for name, value in variables:
        if value is UNKNOWN and _SECRET_NAME.search(name):  # a secret's ARN, or the secret itself: not known yet
            get(args.props, f"environment.variables.{name}")


_ACCOUNT_ID = re.compile(r"^\d{12}$")


def _fixed(value: Any) -> bool:
    """A condition value AWS counts as restricting: no wildcard, no policy variable (Lambda.1's "fixed values")."""
    return isinstance(value, str) and bool(value.strip()) and not any(c in value for c in ("*", "?", "${"))


@resource_rule(
    name="aws-lambda-permission-source-arn",
    description="Lambda permissions are never public: a service principal is pinned to a fixed source account, or "
    "to a source ARN without wildcards (S3, whose ARNs name no account, always to the account).",
    severity=Severity.HIGH,
    enforcement=MANDATORY,
    remediation="Give every aws.lambda_.Permission for a service principal source_account=<account id> (and a "
    "source_arn naming the caller: the API's execution ARN with stage, method and path); never principal='*'.",
    types=(T.LAMBDA_PERMISSION,),
    fsbp=("Lambda.1",),
    checkov=("CKV_AWS_364", "CKV_AWS_301"),
)
def permission_source_arn(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> Iterator[str]:
    principal = get(args.props, "principal")
    if not isinstance(principal, str) or not principal.strip() or "*" in principal:
        yield f"principal is {describe(principal)}: anyone may invoke the function"
    elif principal.endswith(".amazonaws.com"):
        service = principal.split(".")[0]
        account = peek(args.props, "sourceAccount")
        if not (isinstance(account, str) and _ACCOUNT_ID.match(account)) and account is not UNKNOWN:
            # No fixed account: only a source ARN with no wildcard pins the caller. get() raises for an ARN that is
            # unknown in preview (the SDK's "can't run during preview" note) rather than guessing its shape.
            source_arn = get(args.props, "sourceArn")
            if service == "s3":
                yield (
                    "the s3.amazonaws.com principal has no sourceAccount: S3 ARNs name no account, so a bucket of "
                    "that name in any account could invoke it"
                )
            elif source_arn is None:
                yield (
                    f"the {principal} principal has no sourceArn or sourceAccount: any {service} resource of any "
                    "account could invoke it"
                )
            elif not _fixed(source_arn):
                yield (
                    f"sourceArn {source_arn!r} has a wildcard and no sourceAccount pins the account: Lambda.1 counts "
                    "only fixed values as restricting"
                )
    if get(args.props, "functionUrlAuthType") == "NONE":
        yield "functionUrlAuthType is NONE: the function URL is public"


@resource_rule(
    name="aws-lambda-functionurl-auth",
    description="Lambda function URLs require IAM authentication.",
    severity=Severity.HIGH,
    enforcement=MANDATORY,
    remediation='Set authorization_type="AWS_IAM" on the FunctionUrl, or serve the function through the API.',
    types=(T.LAMBDA_FUNCTION_URL,),
    fsbp=("Lambda.1",),
    checkov=("CKV_AWS_258",),
)
def function_url_auth(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> Iterator[str]:
    auth = get(args.props, "authorizationType")
    if auth != "AWS_IAM":
        yield f"authorizationType is {describe(auth)}; expected 'AWS_IAM'"


RETRY_SETTINGS = ("bisectBatchOnFunctionError", "maximumRetryAttempts", "maximumRecordAgeInSeconds")


def _within(value: float | None, low: float, high: float) -> bool:
    return value is not None and low <= value <= high


@resource_rule(
    name="aws-lambda-eventsourcemapping-failure-handling",
    description="Stream event source mappings split failing batches, retry a bounded number of times and keep "
    "what still fails in an on-failure destination.",
    severity=Severity.MEDIUM,
    enforcement=MANDATORY,
    remediation="Set bisect_batch_on_function_error=True, maximum_retry_attempts and maximum_record_age_in_seconds, "
    "and destination_config.on_failure.destination_arn (an encrypted SQS queue).",
    types=(T.LAMBDA_EVENT_SOURCE_MAPPING,),
    config={
        "maxRetryAttempts": setting("integer", 10, "Most retries of a failing batch.", minimum=0, maximum=10000),
        "maxRecordAgeSeconds": setting(
            "integer", 86400, "Oldest record the mapping may still retry.", minimum=60, maximum=604800
        ),
    },
)
def mapping_failure_handling(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> Iterator[str]:
    if peek(args.props, "startingPosition") is None:
        return  # not a stream (DynamoDB, Kinesis, Kafka) mapping: SQS has its own redrive
    # Judge what is known first: a setting set from another resource's output stops the check (get() below).
    bisect = peek(args.props, "bisectBatchOnFunctionError")
    if bisect is not UNKNOWN and not truthy(bisect):
        yield "bisectBatchOnFunctionError is not true: one poison record fails its whole batch"
    retries = peek(args.props, "maximumRetryAttempts")
    if retries is not UNKNOWN and not _within(number(retries), 0, cfg["maxRetryAttempts"]):
        bound = describe(cfg["maxRetryAttempts"])
        yield f"maximumRetryAttempts is {describe(retries)}; expected 0..{bound} (-1 retries until records expire)"
    age = peek(args.props, "maximumRecordAgeInSeconds")
    if age is not UNKNOWN and not _within(number(age), 60, cfg["maxRecordAgeSeconds"]):
        yield f"maximumRecordAgeInSeconds is {describe(age)}; expected 60..{describe(cfg['maxRecordAgeSeconds'])}"
    if peek(args.props, "destinationConfig.onFailure.destinationArn") is None:  # a queue's unknown ARN is set
        yield "destinationConfig.onFailure.destinationArn is not set: records that still fail are lost"
    for key in RETRY_SETTINGS:
        get(args.props, key)


@stack_rule(
    name="aws-lambda-function-log-group",
    description="Every Lambda function has its CloudWatch log group declared in the stack.",
    severity=Severity.MEDIUM,
    enforcement=MANDATORY,
    remediation='Declare aws.cloudwatch.LogGroup(name=f"/aws/lambda/{function_name}", retention_in_days=7) next to '
    "the function (or point logging_config.log_group at one), so Lambda does not create one that never expires.",
    spec=True,
)
def function_log_group(args: StackValidationArgs, cfg: Mapping[str, Any]) -> Iterator[Violation | Undecided]:
    log_groups = of_type(args.resources, T.LOG_GROUP)
    names = {name for name in (peek(group.props, "name") for group in log_groups) if isinstance(name, str)}
    for function in of_type(args.resources, T.LAMBDA_FUNCTION):
        # `loggingConfig` is computed when not set (Lambda's default /aws/lambda/<name>): unknown in a preview then.
        custom = configured(function, "loggingConfig.logGroup")
        if custom is not None:
            if referenced(function, log_groups, "loggingConfig.logGroup", ("name",)) or custom is UNKNOWN:
                continue
            yield Violation(f"loggingConfig.logGroup {custom!r} is not a log group of this stack", function.urn)
            continue
        name = peek(function.props, "name")
        if not isinstance(name, str):
            yield Undecided(f"the name of function {function.name}")  # set from an output: nothing to compare with
            continue
        if f"/aws/lambda/{name}" not in names:
            yield Violation(f"no log group /aws/lambda/{name} is declared for function {name}", function.urn)


def _zone(subnet: PolicyResource) -> Any:
    """The AZ the program placed a subnet in (name or id); None when it left the choice to AWS."""
    zone = configured(subnet, "availabilityZone")
    return zone if zone is not None else configured(subnet, "availabilityZoneId")


@stack_rule(
    name="aws-lambda-function-vpc-multi-az",
    description="Lambda functions run in a VPC, in subnets of at least two Availability Zones, with a security group.",
    severity=Severity.MEDIUM,
    enforcement=MANDATORY,
    remediation="Set vpc_config with subnet_ids in two or more AZs and security_group_ids, and allow the ENI actions.",
    fsbp=("Lambda.5",),
    checkov=("CKV_AWS_117",),
    config={"minAvailabilityZones": setting("integer", 2, "Fewest AZs a function's subnets span.", minimum=1)},
)
def function_vpc_multi_az(args: StackValidationArgs, cfg: Mapping[str, Any]) -> Iterator[Violation | Undecided]:
    subnets = of_type(args.resources, T.EC2_SUBNET)
    wanted = cfg["minAvailabilityZones"]
    for function in of_type(args.resources, T.LAMBDA_FUNCTION):
        # An unset vpcConfig is an unknown output in a preview: read as the program configured it (None), not as
        # a VPC whose subnets are not known yet.
        subnet_count = length(configured(function, "vpcConfig.subnetIds"))
        if subnet_count == 0:
            yield Violation("the function is not attached to a VPC (vpcConfig.subnetIds is empty)", function.urn)
            continue
        if length(configured(function, "vpcConfig.securityGroupIds")) == 0:
            yield Violation("vpcConfig.securityGroupIds is empty", function.urn)
        placed = referenced(function, subnets, "vpcConfig.subnetIds", ("id",))
        # Both are computed: a subnet placed by AZ id shows its AZ name unknown in a preview, and the other way round.
        found = [_zone(subnet) for subnet in placed]
        zones = {zone for zone in found if isinstance(zone, str)}
        if placed and not all(isinstance(zone, str) for zone in found):
            # Set from an output, or left to AWS (which picks at deploy time): known only once deployed.
            yield Undecided(f"the Availability Zones of the subnets of function {function.name}")
        elif placed:
            if len(zones) < wanted:
                listed = ", ".join(sorted(str(zone) for zone in zones))
                yield Violation(
                    f"its subnets span {len(zones)} AZ ({listed}); at least {describe(wanted)} required", function.urn
                )
        elif not placed and subnet_count is not None and subnet_count < wanted:
            yield Violation(f"it has {subnet_count} subnet(s), so fewer than {describe(wanted)} AZs", function.urn)


POLICIES = [
    function_runtime,
    function_reserved_concurrency,
    function_timeout,
    function_tracing,
    function_no_secrets_in_env,
    permission_source_arn,
    function_url_auth,
    mapping_failure_handling,
    function_log_group,
    function_vpc_multi_az,
]
