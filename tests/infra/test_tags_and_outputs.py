"""Required tags on everything taggable, applied in one place; the stack's outputs."""

import inspect
import json

import pulumi
import pytest

from fraudctl.program.runner import run_program

REQUIRED = {"Environment": "dev", "CostCenter": "fraud-detection", "ManagedBy": "Pulumi"}


def provider_default_tags(stack) -> dict[str, dict[str, str]]:
    return {
        p.urn: json.loads(p.inputs["defaultTags"])["tags"]
        for p in stack.by_type("pulumi:providers:aws")
        if p.inputs.get("defaultTags")
    }


def test_one_aws_provider_pins_the_region_and_carries_the_required_tags(stack):
    (provider,) = stack.by_type("pulumi:providers:aws")
    assert provider.inputs["region"] == "us-east-2"
    assert provider_default_tags(stack)[provider.urn] == REQUIRED


def accepts_tags(type_token: str) -> bool:
    """Ask pulumi-aws itself whether the resource class takes `tags`."""
    _, module_path, name = type_token.split(":")
    module = __import__(f"pulumi_aws.{module_path.split('/')[0].replace('lambda', 'lambda_')}", fromlist=[name])
    return "tags" in inspect.signature(getattr(module, name)._internal_init).parameters


def test_every_taggable_resource_uses_the_tagging_provider(stack):
    defaults = provider_default_tags(stack)
    taggable = [r for r in stack.resources if r.custom and r.type.startswith("aws:") and accepts_tags(r.type)]
    assert len(taggable) > 40
    for resource in taggable:
        effective = {**defaults.get(resource.provider_urn, {}), **(resource.inputs.get("tags") or {})}
        assert REQUIRED.items() <= effective.items(), f"{resource.type} {resource.name} lacks tags"
        assert resource.outputs["tagsAll"].items() >= REQUIRED.items()


def test_outputs_are_the_api_url_bucket_table_and_a_secret_api_key(stack):
    api_id = next(r.id for r in stack.by_type("aws:apigateway/restApi:RestApi"))
    assert stack.outputs["api_url"] == f"https://{api_id}.execute-api.us-east-2.amazonaws.com/dev"
    assert stack.outputs["bucket_name"] == "fraud-reports-dev"
    assert stack.outputs["table_name"] == "transactions-dev"
    assert stack.secret_outputs == {"api_key"}
    assert stack.outputs["api_key"] == next(r.outputs["value"] for r in stack.by_type("aws:apigateway/apiKey:ApiKey"))


@pytest.fixture(scope="module")
def qa_stack(project_root):
    return run_program(
        project_root, "dev", {"fraud-detection:environmentSuffix": "qa7", "fraud-detection:costCenter": "risk-team"}
    )


def test_another_suffix_and_cost_center_reach_every_name_and_tag(qa_stack):
    tags = provider_default_tags(qa_stack)
    assert list(tags.values()) == [{"Environment": "qa7", "CostCenter": "risk-team", "ManagedBy": "Pulumi"}]
    named = {
        "aws:dynamodb/table:Table": "name",
        "aws:s3/bucket:Bucket": "bucket",
        "aws:lambda/function:Function": "name",
        "aws:cloudwatch/metricAlarm:MetricAlarm": "name",
        "aws:sqs/queue:Queue": "name",
        "aws:cloudwatch/eventRule:EventRule": "name",
    }
    for type_token, key in named.items():
        for resource in qa_stack.by_type(type_token):
            assert "qa7" in resource.inputs[key] and "dev" not in resource.inputs[key], resource.inputs[key]
    assert qa_stack.outputs["api_url"].endswith("/qa7")
    assert all("-dev" not in json.dumps(r.inputs, default=str) for r in qa_stack.resources if r.custom)


def test_pulumi_mocks_are_not_left_configured_after_a_run(stack):
    assert pulumi.runtime.settings.get_root_resource() is None
