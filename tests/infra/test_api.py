"""The REST API: routes, validation, API key, stage settings, logging and invoke permissions."""

import json

from tests.infra.graph import one

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
    assert json.loads(role.inputs["assumeRolePolicy"])["Statement"][0]["Principal"] == {
        "Service": "apigateway.amazonaws.com"
    }


def test_deployment_is_replaced_when_the_api_changes(stack):
    deployment = one(stack, f"{APIGW}/deployment:Deployment", "api-deployment")
    assert len(deployment.inputs["triggers"]["redeployment"]) == 64
    method_urns = {m.urn for m in stack.by_type(f"{APIGW}/method:Method")}
    assert method_urns <= set(deployment.dependencies)


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


def test_waf_guards_the_stage(stack):
    association = one(stack, "aws:wafv2/webAclAssociation:WebAclAssociation", "api-waf-association").inputs
    assert association["resourceArn"] == one(stack, f"{APIGW}/stage:Stage", "api-stage").outputs["arn"]
    rules = {r["name"] for r in one(stack, "aws:wafv2/webAcl:WebAcl", "api-waf").inputs["rules"]}
    assert rules == {"AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "per-client-rate-cap"}
