"""The Terraform type of every resource of the stack, derived from the installed pulumi-aws and confirmed."""

from __future__ import annotations

from fraudctl.export import TerraformTypes
from fraudctl.export.tf_types import snake
from fraudctl.review.state import StackState


def test_every_aws_resource_type_of_the_stack_maps_to_a_terraform_type_checkov_knows(
    dev_state: StackState, checkov_types: frozenset[str]
) -> None:
    types = TerraformTypes.installed(checkov_types)
    stack_types = {r.type for r in dev_state if r.custom and r.is_aws and not r.is_provider}
    assert len(stack_types) >= 45
    mapped = {token: types.lookup(token) for token in sorted(stack_types)}
    assert [token for token, m in mapped.items() if m is None] == []
    assert [token for token, m in mapped.items() if m and not m.confirmed] == []
    assert {token: m.terraform_type for token, m in mapped.items() if m and m.terraform_type not in checkov_types} == {}


def test_the_naming_rule_learns_each_module_prefix_from_the_sdk_docstrings() -> None:
    types = TerraformTypes.installed()  # no reference list: the SDK alone
    expected = {
        "aws:ec2/vpc:Vpc": "aws_vpc",
        "aws:ec2/flowLog:FlowLog": "aws_flow_log",
        "aws:apigateway/restApi:RestApi": "aws_api_gateway_rest_api",
        "aws:apigateway/methodSettings:MethodSettings": "aws_api_gateway_method_settings",
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": (
            "aws_s3_bucket_server_side_encryption_configuration"
        ),
        "aws:cloudwatch/eventRule:EventRule": "aws_cloudwatch_event_rule",
        "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": "aws_vpc_security_group_egress_rule",
        "aws:wafv2/webAcl:WebAcl": "aws_wafv2_web_acl",
        "aws:lambda/function:Function": "aws_lambda_function",
    }
    assert {token: types.lookup(token).terraform_type for token in expected} == expected
    assert types.lookup("aws:ec2/vpc:Vpc").evidence == "docstring example"


def test_a_token_the_bridge_renamed_by_hand_is_repaired_only_with_a_reference_list(
    checkov_types: frozenset[str],
) -> None:
    token = "aws:apigateway/response:Response"
    alone = TerraformTypes.installed().lookup(token)
    assert (alone.terraform_type, alone.confirmed) == ("aws_api_gateway_response", False)  # reported, not trusted
    repaired = TerraformTypes.installed(checkov_types).lookup(token)
    assert (repaired.terraform_type, repaired.confirmed) == ("aws_api_gateway_gateway_response", True)


def test_tokens_outside_pulumi_aws_have_no_terraform_type() -> None:
    types = TerraformTypes.installed()
    assert types.lookup("fraud:api:TransactionsApi") is None
    assert types.lookup("aws:notaservice/thing:Thing") is None
    assert len(types.tokens) > 1500 and types.version


def test_snake_case_of_pulumi_names() -> None:
    assert snake("RestApi") == "rest_api"
    assert snake("BucketV2") == "bucket_v2"
    assert snake("SecurityGroupEgressRule") == "security_group_egress_rule"
    assert snake("GraphQLApi") == "graph_ql_api"
