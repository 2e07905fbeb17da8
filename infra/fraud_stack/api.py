"""The REST API: POST /transactions, GET /transactions/{id}, PUT /transactions/{id}/label, all to the processor."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from fraud_stack.api_deployment import ServedParts
from fraud_stack.api_edge import declare_waf, execution_logging_account
from fraud_stack.openapi_model import request_model_schema

ACCESS_LOG_FORMAT = json.dumps(
    {
        "requestId": "$context.requestId",
        "ip": "$context.identity.sourceIp",
        "requestTime": "$context.requestTime",
        "httpMethod": "$context.httpMethod",
        "resourcePath": "$context.resourcePath",
        "status": "$context.status",
        "responseLength": "$context.responseLength",
        "integrationLatency": "$context.integrationLatency",
        "apiKeyId": "$context.identity.apiKeyId",
    },
    sort_keys=True,
)


@dataclass(frozen=True)
class ApiArgs:
    name_prefix: str
    stage_name: str
    region: str
    account_id: pulumi.Input[str]
    function_name: pulumi.Input[str]
    function_invoke_arn: pulumi.Input[str]
    throttle_rate_limit: int
    throttle_burst_limit: int
    integration_timeout_ms: int
    log_retention_days: int


class TransactionsApi(pulumi.ComponentResource):
    url: pulumi.Output[str]
    api_key_value: pulumi.Output[str]
    rest_api_name: pulumi.Output[str]
    stage_name: pulumi.Output[str]

    def __init__(self, name: str, args: ApiArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("fraud:api:TransactionsApi", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)

        api = aws.apigateway.RestApi(
            f"{name}-rest-api",
            name=f"{args.name_prefix}-api",
            description="Card transactions in, fraud analysis out",
            endpoint_configuration=aws.apigateway.RestApiEndpointConfigurationArgs(types="REGIONAL"),
            opts=child,
        )
        served = ServedParts()  # what a deployment snapshots, with every input it was declared with
        model_inputs = dict(
            rest_api=api.id,
            name="TransactionRequest",
            content_type="application/json",
            schema=request_model_schema(),
        )
        model = aws.apigateway.Model(f"{name}-transaction-request", opts=child, **model_inputs)
        served.add(model, model_inputs)
        label_model_inputs = dict(
            rest_api=api.id,
            name="LabelRequest",
            content_type="application/json",
            schema=request_model_schema("LabelRequest"),
        )
        label_model = aws.apigateway.Model(f"{name}-label-request", opts=child, **label_model_inputs)
        served.add(label_model, label_model_inputs)
        body_validator_inputs = dict(
            rest_api=api.id,
            name="body-and-parameters",
            validate_request_body=True,
            validate_request_parameters=True,
        )
        body_validator = aws.apigateway.RequestValidator(f"{name}-validate-body", opts=child, **body_validator_inputs)
        served.add(body_validator, body_validator_inputs)
        # API Gateway's own 400 for a body the model rejects keeps the API's error shape and says what failed.
        response_inputs = dict(
            rest_api_id=api.id,
            response_type="BAD_REQUEST_BODY",
            status_code="400",
            response_templates={
                "application/json": '{"message": "Invalid request body", "errors": [{"field": "body", '
                # escapeJavaScript turns ' into \' (not JSON): the replaceAll undoes that, as AWS's examples do.
                '"message": "$util.escapeJavaScript($context.error.validationErrorString)'
                '.replaceAll("\\\\\'","\'")"}], '
                '"requestId": "$context.requestId"}'
            },
        )
        response = aws.apigateway.Response(f"{name}-bad-request-body", opts=child, **response_inputs)
        served.add(response, response_inputs)
        transactions_inputs = dict(
            rest_api=api.id,
            parent_id=api.root_resource_id,
            path_part="transactions",
        )
        transactions = aws.apigateway.Resource(f"{name}-transactions", opts=child, **transactions_inputs)
        served.add(transactions, transactions_inputs)
        transaction_inputs = dict(
            rest_api=api.id,
            parent_id=transactions.id,
            path_part="{id}",
        )
        transaction = aws.apigateway.Resource(f"{name}-transaction", opts=child, **transaction_inputs)
        served.add(transaction, transaction_inputs)
        label_inputs = dict(rest_api=api.id, parent_id=transaction.id, path_part="label")
        label = aws.apigateway.Resource(f"{name}-label", opts=child, **label_inputs)
        served.add(label, label_inputs)
        routes = {
            "post": (transactions, "POST", {"application/json": model.name}, {}),
            "get": (transaction, "GET", {}, {"method.request.path.id": True}),
            "label": (label, "PUT", {"application/json": label_model.name}, {"method.request.path.id": True}),
        }
        for key, (resource, verb, models, parameters) in routes.items():
            method_inputs = dict(
                rest_api=api.id,
                resource_id=resource.id,
                http_method=verb,
                authorization="NONE",  # callers authenticate with the API key below
                api_key_required=True,
                request_validator_id=body_validator.id,
                request_models=models or None,
                request_parameters=parameters or None,
            )
            method = aws.apigateway.Method(f"{name}-{key}-method", opts=child, **method_inputs)
            served.add(method, method_inputs)
            integration_inputs = dict(
                rest_api=api.id,
                resource_id=resource.id,
                http_method=method.http_method,
                type="AWS_PROXY",
                integration_http_method="POST",
                uri=args.function_invoke_arn,
                # Explicit: REST APIs cut the client off at 29 s even though the function may run 300 s.
                timeout_milliseconds=args.integration_timeout_ms,
            )
            integration = aws.apigateway.Integration(f"{name}-{key}-integration", opts=child, **integration_inputs)
            served.add(integration, integration_inputs)

        # A new deployment whenever any part the stage serves changes, taken after every part exists.
        deployment = aws.apigateway.Deployment(
            f"{name}-deployment",
            rest_api=api.id,
            triggers={"redeployment": served.trigger()},
            opts=pulumi.ResourceOptions(parent=self, depends_on=served.resources, replace_on_changes=["triggers"]),
        )

        # Fixed physical names: a replacement must delete the old resource first, or the new one's name is taken.
        named = pulumi.ResourceOptions(parent=self, delete_before_replace=True)
        # API Gateway would create the execution log group itself with no expiry; creating it first sets retention.
        execution_logs = aws.cloudwatch.LogGroup(
            f"{name}-execution-logs",
            name=api.id.apply(lambda api_id: f"API-Gateway-Execution-Logs_{api_id}/{args.stage_name}"),
            retention_in_days=args.log_retention_days,
            opts=named,
        )
        access_logs = aws.cloudwatch.LogGroup(
            f"{name}-access-logs",
            name=f"/aws/apigateway/{args.name_prefix}/access",
            retention_in_days=args.log_retention_days,
            opts=named,
        )
        account = execution_logging_account(name, args.region, args.account_id, api.id, access_logs.arn, parent=self)
        stage = aws.apigateway.Stage(
            f"{name}-stage",
            rest_api=api.id,
            deployment=deployment.id,
            stage_name=args.stage_name,
            xray_tracing_enabled=True,
            access_log_settings=aws.apigateway.StageAccessLogSettingsArgs(
                destination_arn=access_logs.arn, format=ACCESS_LOG_FORMAT
            ),
            opts=pulumi.ResourceOptions(parent=self, depends_on=[account, execution_logs], delete_before_replace=True),
        )
        aws.apigateway.MethodSettings(
            f"{name}-all-methods",
            rest_api=api.id,
            stage_name=stage.stage_name,
            method_path="*/*",
            settings=aws.apigateway.MethodSettingsSettingsArgs(
                metrics_enabled=True,
                logging_level="INFO",
                data_trace_enabled=False,  # full bodies (card data) would land in the logs
                throttling_rate_limit=args.throttle_rate_limit,
                throttling_burst_limit=args.throttle_burst_limit,
                caching_enabled=False,
            ),
            opts=child,
        )
        api_key = aws.apigateway.ApiKey(f"{name}-key", name=f"{args.name_prefix}-client", enabled=True, opts=child)
        plan = aws.apigateway.UsagePlan(
            f"{name}-usage-plan",
            name=f"{args.name_prefix}-clients",
            api_stages=[aws.apigateway.UsagePlanApiStageArgs(api_id=api.id, stage=stage.stage_name)],
            throttle_settings=aws.apigateway.UsagePlanThrottleSettingsArgs(
                rate_limit=args.throttle_rate_limit, burst_limit=args.throttle_burst_limit
            ),
            opts=child,
        )
        aws.apigateway.UsagePlanKey(
            f"{name}-usage-plan-key", key_id=api_key.id, key_type="API_KEY", usage_plan_id=plan.id, opts=child
        )
        # FSBP Lambda.1: only this API's own routes may invoke the function.
        paths = {"post": "transactions", "get": "transactions/*", "label": "transactions/*/label"}
        for key, (_, verb, _, _) in routes.items():
            path = paths[key]
            aws.lambda_.Permission(
                f"{name}-{key}-invoke",
                action="lambda:InvokeFunction",
                function=args.function_name,
                principal="apigateway.amazonaws.com",
                source_arn=pulumi.Output.concat(api.execution_arn, "/", stage.stage_name, f"/{verb}/{path}"),
                source_account=args.account_id,  # the routes' ARNs hold wildcards: Lambda.1 needs the account
                opts=child,
            )
        declare_waf(name, args.name_prefix, stage.arn, args.throttle_rate_limit, args.log_retention_days, parent=self)

        self.url = pulumi.Output.concat(
            "https://", api.id, f".execute-api.{args.region}.amazonaws.com/", stage.stage_name
        )
        self.api_key_value = pulumi.Output.secret(api_key.value)
        self.rest_api_name = api.name
        self.stage_name = stage.stage_name
        self.register_outputs({"url": self.url, "rest_api_name": self.rest_api_name, "stage_name": self.stage_name})
