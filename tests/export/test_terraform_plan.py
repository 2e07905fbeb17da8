"""The export as Checkov reads it: parsed whole, graph checks connect separate resources, a mutation flips a check."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from fraudctl.cli import main
from fraudctl.export import PlanExport, TerraformTypes, terraform_plan
from fraudctl.export.attributes import terraform_value
from fraudctl.review.independent.checkov_run import CheckovReport
from fraudctl.review.state import StackResource, StackState
from tests.export.conftest import REPO, check_plan

ENCRYPTION = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"
PUBLIC_ACCESS_BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"


def _outcome(report: CheckovReport, check_id: str, address: str) -> str:
    if any(c.check_id == check_id and c.address == address for c in report.failed):
        return "failed"
    if any(c.check_id == check_id and c.address == address for c in report.passed):
        return "passed"
    return "not evaluated"


def test_checkov_parses_every_exported_resource(dev_export: PlanExport, dev_checkov: CheckovReport) -> None:
    assert dev_checkov.version == "3.3.30"
    assert dev_checkov.resources == len(dev_export.addresses) >= 80
    assert len(dev_checkov.passed) > 150 and dev_checkov.failed
    assert dev_export.unmapped == () and dev_export.unconfirmed == ()


def test_graph_checks_connect_a_bucket_to_its_separate_configuration_resources(dev_checkov: CheckovReport) -> None:
    bucket = "aws_s3_bucket.data-reports"
    # Each of these needs the bucket's own, separate resource: encryption, public access block, logging, lifecycle,
    # versioning. Without references in the plan they would all fail.
    for check in ("CKV_AWS_19", "CKV2_AWS_6", "CKV_AWS_18", "CKV2_AWS_61", "CKV_AWS_21"):
        assert _outcome(dev_checkov, check, bucket) == "passed", check


@pytest.fixture(scope="module")
def mutated_checkov(
    checkov: Path, dev_state: StackState, checkov_types: frozenset[str], tmp_path_factory: pytest.TempPathFactory
) -> CheckovReport:
    """One plan, two mutations on two buckets, one Checkov run: the access-log bucket loses its public access block,
    the reports bucket's encryption resource gets an algorithm outside CKV_AWS_19's list. Each check must flip on its
    own bucket only, which also shows the graph connects each bucket to its own configuration resources."""

    def mutated(resource: StackResource) -> StackResource | None:
        if resource.type == PUBLIC_ACCESS_BLOCK and "access-logs" in resource.name:
            return None
        if resource.type == ENCRYPTION and "reports" in resource.name:
            # CKV_AWS_19 passes a bucket with no encryption resource at all (S3 encrypts by default since 2023); with
            # a connected resource it reads that resource's algorithm.
            rules = [{"applyServerSideEncryptionByDefault": {"sseAlgorithm": "aws:kms:dsse"}}]
            return dataclasses.replace(resource, inputs={**resource.inputs, "rules": rules}, outputs={})
        return resource

    changed = tuple(m for r in dev_state if (m := mutated(r)) is not None)
    assert len(changed) == len(dev_state.resources) - 1
    export = terraform_plan(dataclasses.replace(dev_state, resources=changed), TerraformTypes.installed(checkov_types))
    return check_plan(checkov, export, tmp_path_factory.mktemp("mutated"))


def test_removing_a_public_access_block_flips_that_bucket_s_check(
    mutated_checkov: CheckovReport, dev_checkov: CheckovReport
) -> None:
    assert _outcome(dev_checkov, "CKV2_AWS_6", "aws_s3_bucket.data-access-logs") == "passed"
    assert _outcome(mutated_checkov, "CKV2_AWS_6", "aws_s3_bucket.data-access-logs") == "failed"
    assert _outcome(mutated_checkov, "CKV2_AWS_6", "aws_s3_bucket.data-reports") == "passed"


def test_the_encryption_check_reads_the_algorithm_of_the_separate_encryption_resource(
    mutated_checkov: CheckovReport, dev_checkov: CheckovReport
) -> None:
    assert _outcome(dev_checkov, "CKV_AWS_19", "aws_s3_bucket.data-reports") == "passed"
    assert _outcome(mutated_checkov, "CKV_AWS_19", "aws_s3_bucket.data-reports") == "failed"
    assert _outcome(mutated_checkov, "CKV_AWS_19", "aws_s3_bucket.data-access-logs") == "passed"


def test_a_reference_is_unknown_in_the_values_and_named_in_the_configuration(dev_export: PlanExport) -> None:
    document = dev_export.document
    assert document["format_version"] == "1.2"
    planned = {r["address"]: r for r in document["planned_values"]["root_module"]["resources"]}
    configured = {r["address"]: r for r in document["configuration"]["root_module"]["resources"]}
    changes = {r["address"]: r for r in document["resource_changes"]}
    block = "aws_s3_bucket_public_access_block.data-reports-public-access"
    assert "bucket" not in planned[block]["values"] and planned[block]["values"]["block_public_acls"] is True
    assert configured[block]["expressions"]["bucket"]["references"] == [
        "aws_s3_bucket.data-reports.id",
        "aws_s3_bucket.data-reports",
    ]
    assert changes[block]["change"]["actions"] == ["create"] and changes[block]["change"]["after_unknown"]["bucket"]
    sse = planned["aws_s3_bucket_server_side_encryption_configuration.data-reports-sse"]["values"]
    assert sse["rule"] == [{"apply_server_side_encryption_by_default": {"sse_algorithm": "AES256"}}]
    function = planned["aws_lambda_function.fraud-analyzer"]["values"]
    assert function["memory_size"] == 512 and function["code"] == "[archive]"
    assert "TABLE_NAME" in function["environment"]["variables"]  # map keys are data: never snake-cased
    assert document["configuration"]["provider_config"]["aws"]["expressions"]["region"]["constant_value"] == "us-east-2"
    assert document["pulumi"]["resources"][block].endswith("::data-reports-public-access")


def test_attribute_names_are_snake_case_blocks_singular_and_maps_untouched() -> None:
    value = {
        "globalSecondaryIndexes": [{"name": "day-index", "projectionType": "ALL"}],
        "tags": {"CostCenter": "fraud", "camelKey": "kept"},
        "subnetIds": ["subnet-1"],
        "ingress": [{"fromPort": 443.0}],
    }
    assert terraform_value(value) == {
        "global_secondary_index": [{"name": "day-index", "projection_type": "ALL"}],
        "tags": {"CostCenter": "fraud", "camelKey": "kept"},
        "subnet_ids": ["subnet-1"],
        "ingress": [{"from_port": 443}],
    }


def test_the_export_command_writes_a_stack_export_as_a_no_op_plan(tmp_path: Path, capsys) -> None:
    out = tmp_path / "plan.json"
    stack_export = REPO / "tests" / "review" / "fixtures" / "dev.stack-export.json"
    assert main(["export", "--cwd", str(REPO), "--stack-export", str(stack_export), "--out", str(out)]) == 0
    document = json.loads(out.read_text())
    assert {c["change"]["actions"][0] for c in document["resource_changes"]} == {"no-op"}
    assert document["pulumi"]["source"] == "stack export"
    assert "resources of fraud-detection/dev as a Terraform plan" in capsys.readouterr().out


def test_the_export_command_fails_cleanly_on_a_missing_file(tmp_path: Path, capsys) -> None:
    out = tmp_path / "plan.json"
    assert main(["export", "--cwd", str(REPO), "--stack-export", str(tmp_path / "nope.json"), "--out", str(out)]) == 2
    assert capsys.readouterr().err.strip() == f"error: {tmp_path / 'nope.json'}: not found"
    assert not out.exists() and not list(tmp_path.iterdir())
