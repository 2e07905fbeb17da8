"""The REST API: routes, validation, API key, stage settings, logging and invoke permissions."""

import json

import pytest

from tests.infra.graph import one, policy_statements

APIGW = "aws:apigateway"


def test_routes_are_post_transactions_get_transaction_by_id_and_put_its_label(stack):
    api = one(stack, f"{APIGW}/restApi:RestApi", "api-rest-api")
    resources = {r.name: r for r in stack.by_type(f"{APIGW}/resource:Resource")}
    assert resources["api-transactions"].inputs["pathPart"] == "transactions"
    assert resources["api-transactions"].inputs["parentId"] == api.outputs["rootResourceId"]
    assert resources["api-transaction"].inputs["pathPart"] == "{id}"
    assert resources["api-label"].inputs["pathPart"] == "label"
    assert resources["api-label"].inputs["parentId"] == resources["api-transaction"].id
    methods = {m.inputs["httpMethod"]: m.inputs for m in stack.by_type(f"{APIGW}/method:Method")}
    assert set(methods) == {"POST", "GET", "PUT"}
    assert methods["GET"]["requestParameters"] == {"method.request.path.id": True}
    assert methods["PUT"]["requestParameters"] == {"method.request.path.id": True}
    assert methods["PUT"]["resourceId"] == resources["api-label"].id


def test_label_body_envelope_is_validated_against_the_openapi_label_model(stack):
    from fraud_stack.openapi_model import full_schema

    schema = json.loads(one(stack, f"{APIGW}/model:Model", "api-label-request").inputs["schema"])
    assert schema["required"] == full_schema("LabelRequest")["required"] == ["fraud", "source"]
    assert schema["additionalProperties"] is False and set(schema["properties"]) == {"fraud", "source"}
    put = next(m.inputs for m in stack.by_type(f"{APIGW}/method:Method") if m.inputs["httpMethod"] == "PUT")
    assert put["requestModels"] == {"application/json": "LabelRequest"}
    assert put["requestValidatorId"] == one(stack, f"{APIGW}/requestValidator:RequestValidator", "api-validate-body").id


def test_every_method_requires_the_api_key_and_the_key_is_in_a_usage_plan(stack):
    assert all(m.inputs["apiKeyRequired"] is True for m in stack.by_type(f"{APIGW}/method:Method"))
    plan = one(stack, f"{APIGW}/usagePlan:UsagePlan", "api-usage-plan")
    link = one(stack, f"{APIGW}/usagePlanKey:UsagePlanKey", "api-usage-plan-key").inputs
    assert link["usagePlanId"] == plan.id and link["keyType"] == "API_KEY"
    assert link["keyId"] == one(stack, f"{APIGW}/apiKey:ApiKey", "api-key").id
    assert plan.inputs["apiStages"][0]["stage"] == "dev"


def test_post_body_envelope_is_validated_against_the_openapi_request_model(stack):
    from fraud_stack.openapi_model import full_schema

    model = one(stack, f"{APIGW}/model:Model", "api-transaction-request").inputs
    schema = json.loads(model["schema"])
    openapi = full_schema()
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    assert schema["type"] == "object"
    assert schema["required"] == openapi["required"] == ["transactionId", "customerId", "amount", "currency"]
    assert schema["additionalProperties"] is False
    # Values are the function's job (field-level errors); the edge checks which properties exist.
    assert set(schema["properties"]) == set(openapi["properties"])
    assert all(rule == {} for rule in schema["properties"].values())
    post = next(m.inputs for m in stack.by_type(f"{APIGW}/method:Method") if m.inputs["httpMethod"] == "POST")
    assert post["requestModels"] == {"application/json": "TransactionRequest"}
    validator = one(stack, f"{APIGW}/requestValidator:RequestValidator", "api-validate-body")
    assert post["requestValidatorId"] == validator.id and validator.inputs["validateRequestBody"] is True


def test_integrations_are_lambda_proxy_with_an_explicit_29_second_timeout(stack):
    processor = one(stack, "aws:lambda/function:Function", "transaction-processor")
    for integration in stack.by_type(f"{APIGW}/integration:Integration"):
        assert integration.inputs["type"] == "AWS_PROXY"
        assert integration.inputs["integrationHttpMethod"] == "POST"
        assert integration.inputs["uri"] == processor.outputs["invokeArn"]
        assert integration.inputs["timeoutMilliseconds"] == 29000


def test_stage_throttles_logs_at_info_traces_and_keeps_bodies_out_of_logs(stack):
    settings = one(stack, f"{APIGW}/methodSettings:MethodSettings", "api-all-methods").inputs
    assert settings["methodPath"] == "*/*"
    assert settings["settings"] == {
        "throttlingRateLimit": 1000,
        "throttlingBurstLimit": 2000,
        "loggingLevel": "INFO",
        "metricsEnabled": True,
        "dataTraceEnabled": False,
        "cachingEnabled": False,
    }
    stage = one(stack, f"{APIGW}/stage:Stage", "api-stage")
    assert stage.inputs["xrayTracingEnabled"] is True
    access = one(stack, "aws:cloudwatch/logGroup:LogGroup", "api-access-logs")
    assert stage.inputs["accessLogSettings"]["destinationArn"] == access.outputs["arn"]
    assert json.loads(stage.inputs["accessLogSettings"]["format"])["requestId"] == "$context.requestId"
    assert access.inputs["retentionInDays"] == 7


def test_stage_waits_for_the_account_logging_role_and_its_execution_log_group(stack):
    stage = one(stack, f"{APIGW}/stage:Stage", "api-stage")
    account = one(stack, f"{APIGW}/account:Account", "api-account")
    execution_logs = one(stack, "aws:cloudwatch/logGroup:LogGroup", "api-execution-logs")
    assert account.urn in stage.dependencies and execution_logs.urn in stage.dependencies
    api_id = one(stack, f"{APIGW}/restApi:RestApi", "api-rest-api").id
    assert execution_logs.inputs["name"] == f"API-Gateway-Execution-Logs_{api_id}/dev"
    role = next(
        r for r in stack.by_type("aws:iam/role:Role") if r.outputs["arn"] == account.inputs["cloudwatchRoleArn"]
    )
    # AWS's documented trust policy for this role: no aws:SourceAccount, which API Gateway is not documented to send
    # when UpdateAccount validates the role (a refusal would stop the deploy before the stage).
    assert json.loads(role.inputs["assumeRolePolicy"])["Statement"] == [
        {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "apigateway.amazonaws.com"}}
    ]


def test_api_gateway_logging_role_writes_only_to_this_apis_log_groups(stack):
    account = one(stack, f"{APIGW}/account:Account", "api-account")
    role = next(
        r for r in stack.by_type("aws:iam/role:Role") if r.outputs["arn"] == account.inputs["cloudwatchRoleArn"]
    )
    (policy,) = [p for p in stack.by_type("aws:iam/rolePolicy:RolePolicy") if p.inputs["role"] == role.id]
    statements = {s["Sid"]: s for s in policy_statements(policy)}
    groups = "arn:aws:logs:us-east-2:123456789012:log-group:"
    api_id = one(stack, f"{APIGW}/restApi:RestApi", "api-rest-api").id
    own = [
        f"{groups}API-Gateway-Execution-Logs_{api_id}/*",
        one(stack, "aws:cloudwatch/logGroup:LogGroup", "api-access-logs").outputs["arn"],
        f"{groups}/aws/apigateway/welcome",  # written when API Gateway validates the role
    ]
    push = statements["PushApiGatewayLogs"]
    assert sorted(push["Resource"]) == sorted(own + [f"{arn}:*" for arn in own])
    assert "logs:GetLogEvents" not in push["Action"] and "logs:FilterLogEvents" not in push["Action"]
    assert statements["FindLogGroups"] == {
        "Sid": "FindLogGroups",
        "Effect": "Allow",
        "Action": ["logs:DescribeLogGroups"],
        "Resource": ["*"],  # it supports no resource-level permission: on a log-group ARN it would allow nothing
    }


def test_deployment_waits_for_and_hashes_every_part_that_needs_a_redeploy(stack):
    """AWS redeploys nothing by itself: every resource, method, integration, model, validator and gateway response
    must be in the deployment's dependencies (or the snapshot may miss it) and in its trigger (or a change is not
    served). The trigger is recomputed here from what each part was really declared with."""
    from fraud_stack.api_deployment import SERVED_TYPES, fingerprint

    deployment = one(stack, f"{APIGW}/deployment:Deployment", "api-deployment")
    parts = [r for t in SERVED_TYPES for r in stack.by_type(t)]
    assert {r.type for r in parts} == set(SERVED_TYPES)  # the API really has one of each kind
    assert {r.urn for r in parts} <= set(deployment.dependencies)
    declared = {r.name: r.inputs for r in parts}
    assert deployment.inputs["triggers"]["redeployment"] == fingerprint(declared)


@pytest.mark.parametrize(
    ("part", "key", "value"),
    [
        ("api-bad-request-body", "responseTemplates", {"application/json": "{}"}),
        ("api-validate-body", "validateRequestParameters", False),
        ("api-post-method", "apiKeyRequired", False),
        ("api-get-method", "requestParameters", {"method.request.path.id": False}),
        ("api-post-integration", "timeoutMilliseconds", 10000),
        ("api-transaction-request", "schema", "{}"),
        ("api-transaction", "pathPart", "{transactionId}"),
    ],
)
def test_any_change_to_a_served_part_changes_the_trigger(stack, part, key, value):
    from fraud_stack.api_deployment import SERVED_TYPES, fingerprint

    declared = {r.name: dict(r.inputs) for t in SERVED_TYPES for r in stack.by_type(t)}
    before = fingerprint(declared)
    declared[part][key] = value
    assert fingerprint(declared) != before


def test_invoke_permissions_are_scoped_to_each_route_of_this_api(stack):
    api = one(stack, f"{APIGW}/restApi:RestApi", "api-rest-api")
    permissions = {
        p.inputs["sourceArn"]
        for p in stack.by_type("aws:lambda/permission:Permission")
        if p.inputs["principal"] == "apigateway.amazonaws.com"
    }
    base = api.outputs["executionArn"]
    assert permissions == {
        f"{base}/dev/POST/transactions",
        f"{base}/dev/GET/transactions/*",
        f"{base}/dev/PUT/transactions/*/label",
    }


def test_waf_guards_the_stage_with_managed_rules_checkov_recognises(stack):
    association = one(stack, "aws:wafv2/webAclAssociation:WebAclAssociation", "api-waf-association").inputs
    assert association["resourceArn"] == one(stack, f"{APIGW}/stage:Stage", "api-stage").outputs["arn"]
    rules = {r["name"]: r for r in one(stack, "aws:wafv2/webAcl:WebAcl", "api-waf").inputs["rules"]}
    # CKV2_AWS_77 needs both KnownBadInputs (Log4j) and AnonymousIpList, each enforced (override action none).
    assert set(rules) == {
        "AWSManagedRulesCommonRuleSet",
        "AWSManagedRulesKnownBadInputsRuleSet",
        "AWSManagedRulesAnonymousIpList",
        "per-client-rate-cap",
    }
    for group in ("AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesAnonymousIpList"):
        assert rules[group]["overrideAction"] == {"none": {}}
        assert rules[group]["statement"]["managedRuleGroupStatement"]["name"] == group
    assert len({r["priority"] for r in rules.values()}) == 4


def counted(rule) -> set[str]:
    overrides = rule["statement"]["managedRuleGroupStatement"].get("ruleActionOverrides") or []
    return {o["name"] for o in overrides if o["actionToUse"] == {"count": {}}}


def test_waf_lets_the_apis_own_413_and_400_answers_stand(stack):
    """SizeRestrictions_BODY (8 KB) and NoUserAgent_HEADER would answer 403 where the API promises 413 at 16 KB and
    accepts clients without a User-Agent: both count instead of block; nothing else of the group is relaxed."""
    rules = {r["name"]: r for r in one(stack, "aws:wafv2/webAcl:WebAcl", "api-waf").inputs["rules"]}
    assert counted(rules["AWSManagedRulesCommonRuleSet"]) == {"SizeRestrictions_BODY", "NoUserAgent_HEADER"}
    assert counted(rules["AWSManagedRulesKnownBadInputsRuleSet"]) == set()
    assert counted(rules["AWSManagedRulesAnonymousIpList"]) == {"HostingProviderIPList"}


def test_waf_logs_every_request_to_an_aws_waf_logs_group_with_the_api_key_redacted(stack):
    acl = one(stack, "aws:wafv2/webAcl:WebAcl", "api-waf")
    logging = one(stack, "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration", "api-waf-logging").inputs
    group = one(stack, "aws:cloudwatch/logGroup:LogGroup", "api-waf-logs")
    assert group.inputs["name"] == "aws-waf-logs-fraud-detection-dev"  # WAF delivers only to aws-waf-logs-*
    assert group.inputs["retentionInDays"] == 7
    assert logging["resourceArn"] == acl.outputs["arn"]
    assert logging["logDestinationConfigs"] == [group.outputs["arn"]]
    assert logging["redactedFields"] == [{"singleHeader": {"name": "x-api-key"}}]
