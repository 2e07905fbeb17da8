"""The shape of the API Gateway + Lambda examples: role, function from a folder, HTTP API, integration, route."""

import json

import pulumi
import pulumi_aws as aws

role = aws.iam.Role(
    "handler-role",
    assume_role_policy=json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "lambda.amazonaws.com"}}
            ],
        }
    ),
)
aws.iam.RolePolicyAttachment(
    "handler-logs", role=role.name, policy_arn="arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
)
handler = aws.lambda_.Function(
    "handler",
    runtime="python3.12",
    handler="handler.handler",
    role=role.arn,
    code=pulumi.AssetArchive({".": pulumi.FileArchive("./app")}),
    timeout=10,
    memory_size=256,
)
api = aws.apigatewayv2.Api("http-api", protocol_type="HTTP")
integration = aws.apigatewayv2.Integration(
    "lambda-integration",
    api_id=api.id,
    integration_type="AWS_PROXY",
    integration_uri=handler.invoke_arn,
    payload_format_version="2.0",
)
aws.apigatewayv2.Route(
    "get-root", api_id=api.id, route_key="GET /", target=integration.id.apply(lambda i: f"integrations/{i}")
)
stage = aws.apigatewayv2.Stage("default", api_id=api.id, name="$default", auto_deploy=True)
aws.lambda_.Permission(
    "api-invoke",
    action="lambda:InvokeFunction",
    function=handler,
    principal="apigateway.amazonaws.com",
    source_arn=api.execution_arn.apply(lambda arn: f"{arn}/*/*"),
)
pulumi.export("url", stage.invoke_url)
