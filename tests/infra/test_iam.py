"""Least privilege: each role gets exactly the actions its function needs, on exactly its resources."""

import json

import pytest

from tests.infra.graph import as_list, granted, role_statements

ACCOUNT = "123456789012"
TABLE = f"arn:aws:dynamodb:us-east-2:{ACCOUNT}:table/transactions-dev"
IDEMPOTENCY = f"arn:aws:dynamodb:us-east-2:{ACCOUNT}:table/transactions-idempotency-dev"
AGGREGATES = f"arn:aws:dynamodb:us-east-2:{ACCOUNT}:table/transactions-aggregates-dev"
BUCKET = "arn:aws:s3:::fraud-reports-dev"
EC2 = f"arn:aws:ec2:us-east-2:{ACCOUNT}"
INTERFACES = f"{EC2}:network-interface/*"
# Actions that support no resource-level permission: the only ones allowed on Resource "*".
STAR_ONLY = {
    ("ec2:DescribeNetworkInterfaces", "*"),
    ("ec2:DescribeSubnets", "*"),  # AWSLambdaVPCAccessExecutionRole v3 (January 2024)
    ("xray:PutTraceSegments", "*"),
    ("xray:PutTelemetryRecords", "*"),
}


def network(stack) -> set[tuple[str, str]]:
    """ENI writes scoped to this account's interfaces in the region, and creation to the functions' own subnets and
    security group (the Service Authorization Reference's resource types for each action)."""
    subnets = {f"{EC2}:subnet/{s.id}" for s in stack.by_type("aws:ec2/subnet:Subnet")}
    group = next(g.id for g in stack.by_type("aws:ec2/securityGroup:SecurityGroup") if g.name == "network-functions-sg")
    placement = {INTERFACES, *subnets, f"{EC2}:security-group/{group}"}
    return (
        STAR_ONLY
        | {("ec2:CreateNetworkInterface", arn) for arn in placement}
        | {
            (action, INTERFACES)
            for action in (
                "ec2:DeleteNetworkInterface",
                "ec2:AssignPrivateIpAddresses",
                "ec2:UnassignPrivateIpAddresses",
            )
        }
    )


def logs(function: str) -> set[tuple[str, str]]:
    group = f"arn:aws:logs:us-east-2:{ACCOUNT}:log-group:/aws/lambda/{function}-dev:*"
    return {("logs:CreateLogStream", group), ("logs:PutLogEvents", group)}


EXPECTED = {
    "transaction-processor": {
        ("dynamodb:PutItem", TABLE),
        ("dynamodb:Query", TABLE),  # GET by id is a Query: no GetItem on the transactions table
        ("dynamodb:GetItem", IDEMPOTENCY),
        ("dynamodb:PutItem", IDEMPOTENCY),
        ("dynamodb:UpdateItem", IDEMPOTENCY),
        ("dynamodb:DeleteItem", IDEMPOTENCY),
        # the label and, in the same TransactWriteItems, its counters' ADDs
        ("dynamodb:UpdateItem", TABLE),
        ("dynamodb:UpdateItem", AGGREGATES),
    },
    "fraud-analyzer": {
        ("dynamodb:DescribeStream", f"{TABLE}/stream/*"),
        ("dynamodb:GetRecords", f"{TABLE}/stream/*"),
        ("dynamodb:GetShardIterator", f"{TABLE}/stream/*"),
        ("dynamodb:ListStreams", "*"),  # no resource-level permission: only "*" grants it
        ("dynamodb:Query", f"{TABLE}/index/customer-index"),
        ("dynamodb:UpdateItem", TABLE),
        ("dynamodb:BatchGetItem", AGGREGATES),
        ("dynamodb:UpdateItem", AGGREGATES),
        ("s3:PutObject", f"{BUCKET}/alerts/*"),
        ("sqs:SendMessage", f"arn:aws:sqs:us-east-2:{ACCOUNT}:fraud-detection-dev-analyzer-on-failure"),
    },
    "report-generator": {
        ("dynamodb:Query", f"{TABLE}/index/flagged-index"),
        ("dynamodb:Query", f"{TABLE}/index/pending-index"),
        ("dynamodb:BatchGetItem", AGGREGATES),
        ("s3:PutObject", f"{BUCKET}/reports/*"),
        ("sqs:SendMessage", f"arn:aws:sqs:us-east-2:{ACCOUNT}:fraud-detection-dev-report-on-failure"),
        ("s3:AbortMultipartUpload", f"{BUCKET}/reports/*"),
    },
}


@pytest.mark.parametrize("function", sorted(EXPECTED))
def test_role_grants_exactly_what_the_function_needs(stack, function):
    assert granted(role_statements(stack, f"{function}-dev-role")) == EXPECTED[function] | logs(function) | network(
        stack
    )


def test_each_function_has_its_own_role_trusted_only_by_lambda_in_this_account(stack):
    roles = {f.inputs["name"]: f.inputs["role"] for f in stack.by_type("aws:lambda/function:Function")}
    assert len(set(roles.values())) == 3
    for role in stack.by_type("aws:iam/role:Role"):
        if role.outputs["arn"] not in roles.values():
            continue
        (statement,) = json.loads(role.inputs["assumeRolePolicy"])["Statement"]
        assert statement["Principal"] == {"Service": "lambda.amazonaws.com"}
        assert statement["Action"] == "sts:AssumeRole"
        assert statement["Condition"] == {"StringEquals": {"aws:SourceAccount": ACCOUNT}}


def every_allow_statement(stack):
    for policy in stack.by_type("aws:iam/rolePolicy:RolePolicy"):
        for statement in json.loads(policy.inputs["policy"])["Statement"]:
            yield policy.name, statement


def test_no_wildcard_action_in_any_policy(stack):
    for name, statement in every_allow_statement(stack):
        for action in as_list(statement["Action"]):
            assert "*" not in action, f"{name} grants wildcard action {action}"


def test_star_resource_only_for_actions_without_resource_level_permissions(stack):
    # Also without resource-level permission (Service Authorization Reference): the stream mapping's ListStreams,
    # and DescribeLogGroups for the API Gateway logging and flow-logs roles.
    allowed = {action for action, _ in STAR_ONLY} | {"dynamodb:ListStreams", "logs:DescribeLogGroups"}
    for name, statement in every_allow_statement(stack):
        if "*" in as_list(statement["Resource"]):
            assert set(as_list(statement["Action"])) <= allowed, f"{name}: {statement}"


def test_no_scan_and_no_reads_of_the_bucket_anywhere(stack):
    actions = {action for _, statement in every_allow_statement(stack) for action in as_list(statement["Action"])}
    assert not actions & {"dynamodb:Scan", "s3:GetObject", "s3:ListBucket", "dynamodb:BatchWriteItem"}
