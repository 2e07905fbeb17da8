"""role=role, function=fn and a component as an input: the way example programs wire resources together."""

import json

import pulumi
import pulumi_aws as aws


class Api(pulumi.ComponentResource):
    def __init__(self, name: str) -> None:
        super().__init__("corpus:web:Api", name)
        self.register_outputs({})


trust = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "lambda.amazonaws.com"}}
        ],
    }
)
role = aws.iam.Role("fn-role", assume_role_policy=trust)
aws.iam.RolePolicyAttachment(
    "fn-logs", role=role, policy_arn="arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
)
fn = aws.lambda_.Function(
    "fn", role=role.arn, runtime="python3.12", handler="app.handler", code=pulumi.AssetArchive({})
)
aws.lambda_.Permission("invoke", action="lambda:InvokeFunction", function=fn, principal="apigateway.amazonaws.com")
api = Api("api")
aws.sns.Topic("alerts", opts=pulumi.ResourceOptions(depends_on=[api]))
pulumi.export("roleName", role.name)
