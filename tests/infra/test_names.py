"""Every physical name fits its AWS limit for every accepted environmentSuffix, and a suffix that would not fit is
refused before any resource is declared, naming the resource type and its limit."""

from __future__ import annotations

import pytest

from fraud_stack import names
from fraud_stack.config import ConfigError, StackConfig
from fraudctl.program.aws_mocks import ACCOUNT_ID
from fraudctl.program.runner import ProgramError, run_program

# AWS's documented maximum name lengths, written down here independently of fraud_stack/names.py:
# (type token, the input holding the physical name, the limit, where AWS documents it).
AWS_NAME_LIMITS = [
    ("aws:dynamodb/table:Table", "name", 255, "DynamoDB: service quotas, table names 3-255"),
    ("aws:s3/bucket:Bucket", "bucket", 63, "S3: general purpose bucket naming rules, 3-63"),
    ("aws:lambda/function:Function", "name", 64, "Lambda API CreateFunction: FunctionName 1-64"),
    ("aws:iam/role:Role", "name", 64, "IAM quotas: role name 64"),
    ("aws:iam/rolePolicy:RolePolicy", "name", 128, "IAM API PutRolePolicy: PolicyName 1-128"),
    ("aws:cloudwatch/logGroup:LogGroup", "name", 512, "CloudWatch Logs API CreateLogGroup: 1-512"),
    ("aws:sqs/queue:Queue", "name", 80, "SQS API CreateQueue: QueueName up to 80"),
    ("aws:cloudwatch/eventRule:EventRule", "name", 64, "EventBridge API PutRule: Name 1-64"),
    ("aws:cloudwatch/metricAlarm:MetricAlarm", "name", 255, "CloudWatch API PutMetricAlarm: AlarmName 1-255"),
    ("aws:sns/topic:Topic", "name", 256, "SNS API CreateTopic: up to 256"),
    ("aws:kms/alias:Alias", "name", 256, "KMS API CreateAlias: AliasName 1-256"),
    ("aws:wafv2/webAcl:WebAcl", "name", 128, "WAFV2 API CreateWebACL: Name 1-128"),
    ("aws:apigateway/stage:Stage", "stageName", 128, "API Gateway: stage name up to 128"),
]
TAG_VALUE_LIMIT = 256  # IAM/Resource Groups tagging: tag values 0-256


@pytest.fixture(scope="module")
def longest() -> int:
    return names.longest_suffix_allowed()


@pytest.fixture(scope="module")
def longest_stack(project_root, longest):
    suffix = "x" * longest
    return run_program(project_root, "dev", {"fraud-detection:environmentSuffix": suffix})


def test_the_longest_accepted_suffix_is_bound_by_the_eventbridge_rule(longest):
    # `fraud-detection-<suffix>-daily-report` is 29 characters plus the suffix; EventBridge allows 64.
    assert longest == 64 - len("fraud-detection--daily-report") == 35


@pytest.mark.parametrize(
    ("type_token", "key", "limit", "source"), AWS_NAME_LIMITS, ids=[t for t, *_ in AWS_NAME_LIMITS]
)
def test_every_name_of_this_type_fits_its_aws_limit_at_the_longest_suffix(
    longest_stack, type_token, key, limit, source
):
    named = [r.inputs[key] for r in longest_stack.by_type(type_token) if isinstance(r.inputs.get(key), str)]
    assert named, f"the stack names no {type_token}"
    too_long = [name for name in named if len(name) > limit]
    assert not too_long, f"{source}: {too_long}"


def test_every_tag_value_fits(longest_stack):
    values = [v for r in longest_stack.resources for v in (r.inputs.get("tags") or {}).values()]
    assert values and all(len(v) <= TAG_VALUE_LIMIT for v in values)


def test_names_module_knows_every_name_the_program_gives(stack):
    """The validation checks the names the program really uses: every explicit physical name recorded for a limited
    type is one of names.derived_names(), with the same resource type."""
    derived = {(n.kind, n.name) for n in names.derived_names("dev", account_id=ACCOUNT_ID)}
    kinds = {type_token: kind for (type_token, *_), kind in zip(AWS_NAME_LIMITS, _KINDS, strict=True)}
    for type_token, key, *_ in AWS_NAME_LIMITS:
        for resource in stack.by_type(type_token):
            name = resource.inputs.get(key)
            if not isinstance(name, str) or name.startswith("API-Gateway-Execution-Logs_"):
                continue  # auto-named, or the execution log group (its API id is known only at deploy)
            assert (kinds[type_token], name) in derived, f"{type_token} {name!r} is missing from fraud_stack/names.py"


_KINDS = [
    "DynamoDB table",
    "S3 bucket",
    "Lambda function",
    "IAM role",
    "IAM inline policy",
    "CloudWatch Logs log group",
    "SQS queue",
    "EventBridge rule",
    "CloudWatch alarm",
    "SNS topic",
    "KMS alias",
    "WAF web ACL",
    "API Gateway stage",
]


def test_one_character_more_is_refused_naming_the_resource_and_its_limit(longest):
    with pytest.raises(ConfigError) as caught:
        StackConfig(environment_suffix="x" * (longest + 1), cost_center="fraud-detection")
    message = str(caught.value)
    assert "makes the EventBridge rule name" in message and "AWS allows at most 64" in message
    assert f"a suffix of at most {longest}" in message


def test_a_long_suffix_stops_the_program_before_any_resource(project_root):
    suffix = "y" * 40  # accepted by the old 44-character check, but too long for the rule and the roles
    with pytest.raises(ProgramError) as caught:
        run_program(project_root, "dev", {"fraud-detection:environmentSuffix": suffix})
    message = str(caught.value)
    assert "EventBridge rule" in message and "IAM role" in message
    assert [r.type for r in caught.value.declared] == ["pulumi:pulumi:Stack"]


def test_every_resource_with_a_fixed_name_is_replaced_delete_first(stack):
    """Under Pulumi's default create-before-delete a replacement of a fixed-name resource fails (name taken), or for
    alarms and inline policies silently overwrites then deletes the new one."""
    fixed = [
        r
        for type_token, key, *_ in AWS_NAME_LIMITS
        for r in stack.by_type(type_token)
        if isinstance(r.inputs.get(key), str)
    ]
    assert len(fixed) > 30
    missing = [r.name for r in fixed if not r.delete_before_replace]
    assert not missing
