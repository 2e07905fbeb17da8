"""The three functions: settings, code, environment, log groups."""

import pytest

from fraud_stack.pins import pinned_version
from fraudctl.program.aws_public_parameters import public_parameter_value
from tests.infra.graph import one

FUNCTION = "aws:lambda/function:Function"
HANDLERS = {
    "transaction-processor": "transaction_processor.handler",
    "fraud-analyzer": "fraud_analyzer.handler",
    "report-generator": "report_generator.handler",
}


@pytest.mark.parametrize("logical", sorted(HANDLERS))
def test_function_settings_follow_the_spec(stack, logical):
    function = one(stack, FUNCTION, logical).inputs
    assert function["name"] == f"{logical}-dev"
    assert function["runtime"] == "python3.13"
    assert function["handler"] == HANDLERS[logical]
    assert function["reservedConcurrentExecutions"] == 100
    assert function["timeout"] == 300
    assert function["tracingConfig"] == {"mode": "Active"}
    # The value of Powertools' public SSM parameter for the pinned release (the offline answer has AWS's shape).
    parameter = f"/aws/service/powertools/python/x86_64/python3.13/{pinned_version('aws-lambda-powertools')}"
    (layer,) = function["layers"]
    assert layer == public_parameter_value(parameter, "us-east-2")
    assert layer.startswith("arn:aws:lambda:us-east-2:017000801446:layer:AWSLambdaPowertoolsPythonV3-python313-x86_64:")


@pytest.mark.parametrize("logical", sorted(HANDLERS))
def test_function_runs_in_both_private_subnets_with_the_function_security_group(stack, logical):
    vpc = one(stack, FUNCTION, logical).inputs["vpcConfig"]
    assert sorted(vpc["subnetIds"]) == sorted(s.id for s in stack.by_type("aws:ec2/subnet:Subnet"))
    assert vpc["securityGroupIds"] == [one(stack, "aws:ec2/securityGroup:SecurityGroup", "network-functions-sg").id]


@pytest.mark.parametrize("logical", sorted(HANDLERS))
def test_function_environment_names_every_resource_the_code_needs(stack, logical):
    variables = one(stack, FUNCTION, logical).inputs["environment"]["variables"]
    assert variables == {
        "TABLE_NAME": "transactions-dev",
        "IDEMPOTENCY_TABLE_NAME": "transactions-idempotency-dev",
        "AGGREGATES_TABLE_NAME": "transactions-aggregates-dev",
        "BUCKET_NAME": "fraud-reports-dev",
        "CUSTOMER_INDEX_NAME": "customer-index",
        "DAY_INDEX_NAME": "day-index",
        "FLAGGED_INDEX_NAME": "flagged-index",
        "PENDING_INDEX_NAME": "pending-index",
        "DAY_SHARD_COUNT": "16",
        "AGGREGATE_SHARD_COUNT": "100",
        "ENVIRONMENT": "dev",
        "DEPLOYMENT_REGION": "us-east-2",
        "POWERTOOLS_SERVICE_NAME": logical,
        "POWERTOOLS_METRICS_NAMESPACE": "FraudDetection",
        "LOG_LEVEL": "INFO",
        "MALLOC_ARENA_MAX": "2",
    }


@pytest.mark.parametrize("logical", sorted(HANDLERS))
def test_every_function_has_its_seven_day_log_group_and_waits_for_it(stack, logical):
    function = one(stack, FUNCTION, logical)
    group = one(stack, "aws:cloudwatch/logGroup:LogGroup", f"{logical}-logs")
    assert group.inputs["name"] == f"/aws/lambda/{function.inputs['name']}"
    assert group.inputs["retentionInDays"] == 7
    assert function.inputs["loggingConfig"]["logGroup"] == group.inputs["name"]
    assert group.urn in function.dependencies


def test_code_archive_holds_the_handler_modules_and_no_caches(stack):
    archive = one(stack, FUNCTION, "transaction-processor").inputs["code"]
    names = set(archive.assets)
    assert all(name.endswith(".py") and "__pycache__" not in name for name in names)
    modules = {name for name in names if "/" not in name}
    if not {"transaction_processor.py", "fraud_analyzer.py", "report_generator.py"} <= modules:
        pytest.fail(f"handler modules missing from the archive: {sorted(modules)}")
