"""Every physical name the stack derives from its config, and the AWS limit each one must fit.

A name that is too long fails in the middle of `pulumi up`, after other resources were already created. Checking
every derived name against its resource type's limit before any resource is declared turns that into a config error.
tests/infra/test_names.py checks that this list is exactly the set of names the program gives its resources.
"""

from __future__ import annotations

from dataclasses import dataclass

# Documented maximum lengths (AWS service quotas / API references) of the name of each resource type named here.
MAX_LENGTH = {
    "DynamoDB table": 255,
    "S3 bucket": 63,
    "Lambda function": 64,
    "IAM role": 64,
    "IAM inline policy": 128,
    "CloudWatch Logs log group": 512,
    "SQS queue": 80,
    "EventBridge rule": 64,
    "CloudWatch alarm": 255,
    "SNS topic": 256,
    "KMS alias": 256,
    "WAF web ACL": 128,
    "API Gateway stage": 128,
    "tag value": 256,
}
FUNCTIONS = ("transaction-processor", "fraud-analyzer", "report-generator")
# Alarm names are `<prefix>-<one of these>` (infra/fraud_stack/monitoring.py).
ALARMS = (
    *(f"{function}-error-rate" for function in FUNCTIONS),
    "fraud-analyzer-iterator-age",
    "stream-failures-queued",
    "report-failures-queued",
    "report-generator-failed",
    "api-5xx-rate",
)
API_ID_LENGTH = 10  # API Gateway REST API ids, part of the execution log group's name


@dataclass(frozen=True)
class DerivedName:
    kind: str  # a key of MAX_LENGTH
    name: str

    @property
    def limit(self) -> int:
        return MAX_LENGTH[self.kind]


def reports_bucket(suffix: str, override: str | None = None) -> str:
    return override or f"fraud-reports-{suffix}"


def access_log_bucket(suffix: str, override: str | None = None) -> str:
    return override or f"fraud-reports-logs-{suffix}"


ACCOUNT_ID_PLACEHOLDER = "0" * 12  # account ids are 12 digits: enough to check a length before the id is known


def derived_names(
    suffix: str,
    reports_bucket_override: str | None = None,
    access_log_bucket_override: str | None = None,
    region: str = "us-east-2",
    account_id: str = ACCOUNT_ID_PLACEHOLDER,
) -> list[DerivedName]:
    """The names `pulumi up` will create for this suffix and these bucket-name overrides."""
    prefix = f"fraud-detection-{suffix}"
    # SNS writes the alarm topic's delivery-status logs to these groups; the stack declares them (alerting.py).
    sns_delivery_logs = f"sns/{region}/{account_id}/{prefix}-alarms"
    names = [
        DerivedName("DynamoDB table", f"transactions-{suffix}"),
        DerivedName("DynamoDB table", f"transactions-idempotency-{suffix}"),
        DerivedName("DynamoDB table", f"transactions-aggregates-{suffix}"),
        DerivedName("S3 bucket", reports_bucket(suffix, reports_bucket_override)),
        DerivedName("S3 bucket", access_log_bucket(suffix, access_log_bucket_override)),
        DerivedName("SQS queue", f"{prefix}-analyzer-on-failure"),
        DerivedName("SQS queue", f"{prefix}-report-on-failure"),
        DerivedName("EventBridge rule", f"{prefix}-daily-report"),
        DerivedName("SNS topic", f"{prefix}-alarms"),
        DerivedName("KMS alias", f"alias/{prefix}-alarms"),
        DerivedName("WAF web ACL", f"{prefix}-api"),
        DerivedName("API Gateway stage", suffix),
        DerivedName("CloudWatch Logs log group", f"/aws/apigateway/{prefix}/access"),
        DerivedName("CloudWatch Logs log group", f"API-Gateway-Execution-Logs_{'x' * API_ID_LENGTH}/{suffix}"),
        DerivedName("CloudWatch Logs log group", f"aws-waf-logs-{prefix}"),
        DerivedName("CloudWatch Logs log group", f"/vpc/flow-logs/{prefix}"),
        DerivedName("CloudWatch Logs log group", sns_delivery_logs),
        DerivedName("CloudWatch Logs log group", f"{sns_delivery_logs}/Failure"),
        *(DerivedName("CloudWatch alarm", f"{prefix}-{alarm}") for alarm in ALARMS),
        *(DerivedName("tag value", f"{prefix}-{tag}") for tag in ("vpc", "private-0", "flow-log", "functions")),
    ]
    for function in FUNCTIONS:
        function_name = f"{function}-{suffix}"
        names += [
            DerivedName("Lambda function", function_name),
            DerivedName("IAM role", f"{function_name}-role"),
            DerivedName("IAM inline policy", f"{function_name}-least-privilege"),
            DerivedName("CloudWatch Logs log group", f"/aws/lambda/{function_name}"),
        ]
    return names


def too_long(names: list[DerivedName]) -> list[DerivedName]:
    return [n for n in names if len(n.name) > n.limit]


def longest_suffix_allowed(
    reports_bucket_override: str | None = None, access_log_bucket_override: str | None = None
) -> int:
    """The longest environmentSuffix whose derived names all fit, with these bucket-name overrides."""
    longest = 0
    for length in range(1, 256):
        if too_long(derived_names("x" * length, reports_bucket_override, access_log_bucket_override)):
            break
        longest = length
    return longest
