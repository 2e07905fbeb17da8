"""Checkov and parliament in the review: every failure classified, no gap on this stack, SARIF runs per tool, and a
mutated stack's new failures show up, covered by the policy that fails too or as a gap."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fraudctl.export import TerraformTypes, terraform_plan
from fraudctl.program.model import ProgramRun
from fraudctl.review import ReviewFiles, ReviewModel, review_offline, sarif_document
from fraudctl.review.independent import IndependentOptions, checkov_resource_types, checkov_run
from fraudctl.review.independent.checkov_run import find_checkov
from fraudctl.review.model_independent import CLASSES, OutsideFinding
from fraudctl.review.state import from_program_run
from tests import checkov_once
from tests.review.conftest import GENERATED_AT, PACK, REPO, copy_project, fresh_program_modules, mutate

STACK = Path("infra") / "fraud_stack"


def _found(model: ReviewModel) -> set[tuple[str, str, str]]:
    assert model.independent is not None
    return {(f.check, f.resource_name, f.classification) for f in model.independent.findings}


def _one(model: ReviewModel, check: str, resource: str) -> OutsideFinding:
    assert model.independent is not None
    (found,) = [f for f in model.independent.findings if (f.check, f.resource_name) == (check, resource)]
    return found


def test_every_failure_on_the_stack_is_classified(real_model: ReviewModel) -> None:
    checks = real_model.independent
    assert checks is not None
    assert [(r.tool, r.ran) for r in checks.runs] == [("Checkov", True), ("parliament", True)]
    assert checks.runs[0].version == "3.3.30" and checks.runs[1].version == "1.6.4"
    assert checks.findings and all(f.classification in CLASSES for f in checks.findings)
    assert all(f.reason for f in checks.findings)
    assert sum(checks.counts().values()) == len(checks.findings) == checks.runs[0].failed + checks.runs[1].failed


def test_no_failure_on_this_stack_is_a_gap(real_model: ReviewModel) -> None:
    assert real_model.independent is not None
    gaps = [(f.tool, f.check, f.resource_name) for f in real_model.independent.findings if f.classification == "gap"]
    assert gaps == []


def test_the_former_gaps_are_fixed_in_the_stack(real_model: ReviewModel) -> None:
    checks = {f.check for f in real_model.independent.findings}
    # The access-log bucket is versioned; DescribeLogGroups and ListStreams are granted on "*", the only resource
    # they support; WAF logging and the Log4j rule groups came earlier (issues 9 and 14).
    assert not checks & {"CKV_AWS_21", "RESOURCE_MISMATCH", "CKV2_AWS_31", "CKV2_AWS_77"}


def test_the_rest_are_the_catalogue_s_exceptions_with_their_reasons(real_model: ReviewModel) -> None:
    replication = _one(real_model, "CKV_AWS_144", "data-reports")  # through S3.7's Checkov equivalent
    assert replication.classification == "accepted exception" and replication.reason.startswith("S3.7: ")
    notifications = _one(real_model, "CKV2_AWS_62", "data-access-logs")  # the same control as S3.11
    assert notifications.reason.startswith("S3.11: ") and notifications.policies == (
        "aws-s3-bucket-event-notifications",
    )
    caching = _one(real_model, "CKV_AWS_225", "api-all-methods")
    assert caching.classification == "accepted exception" and "CKV_AWS_120" in caching.reason
    key = _one(real_model, "PERMISSIONS_MANAGEMENT_ACTIONS", "monitoring-alarms-key")
    assert key.classification == "accepted exception" and "PutKeyPolicy" in key.reason
    retention = _one(real_model, "CKV_AWS_338", "network-flow-logs")
    assert retention.reason.startswith("CloudWatch.16: ") and "7 days" in retention.reason
    found = _found(real_model)
    assert ("CKV_AWS_145", "data-reports", "accepted exception") in found
    assert ("CKV2_AWS_51", "api-stage", "accepted exception") in found


def test_sarif_has_one_run_per_tool_with_exceptions_suppressed(real_model: ReviewModel) -> None:
    runs = sarif_document(real_model)["runs"]
    assert [run["tool"]["driver"]["name"] for run in runs] == ["fraud-detection-guardrails", "Checkov", "parliament"]
    checkov = runs[1]
    results = checkov["results"]
    assert len(results) == real_model.independent.runs[0].failed
    rules = checkov["tool"]["driver"]["rules"]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)
    retention = [r for r in results if r["ruleId"] == "CKV_AWS_338"]
    assert retention and all(r["suppressions"][0]["status"] == "accepted" for r in retention)
    assert all(r["level"] == "note" and r["suppressions"] for r in results)  # no gap: every result accepted
    replication = next(r for r in results if r["ruleId"] == "CKV_AWS_144")
    assert replication["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("infra/")


def test_the_reports_show_the_section(real_files: ReviewFiles) -> None:
    markdown = real_files.markdown.read_text()
    assert "## Independent checks" in markdown
    assert "### Gaps (0)" in markdown and "### Accepted exceptions (" in markdown
    assert "| Checkov | ⚠️ CKV\\_AWS\\_144 | Bucket data-reports |" in markdown
    assert 'id="independent"' in real_files.html.read_text()


def test_a_plan_checkov_already_checked_is_not_checked_again(
    real_model: ReviewModel, stack: ProgramRun, tmp_path: Path
) -> None:
    """The session's sharing (tests/checkov_once.py): the dev stack's plan, written again in another format under
    another name, gets the verdict the review's run had, naming its own file, without a second run."""
    executable = find_checkov(REPO)
    assert executable is not None
    export = terraform_plan(from_program_run(stack), TerraformTypes.installed(checkov_resource_types(executable)))
    plan = tmp_path / "again.json"
    plan.write_text(json.dumps(export.document), encoding="utf-8")
    runs = list(checkov_once.RUNS)
    report = checkov_run.run_checkov(executable, plan)  # the session's patched function
    assert checkov_once.RUNS == runs and checkov_once.plan_digest(plan) in runs
    assert len(report.failed) == real_model.independent.runs[0].failed and str(plan.absolute()) in report.command
    assert len(set(runs)) == len(runs)  # no plan was checked twice


@pytest.fixture(scope="module")
def mutated_model(tmp_path_factory: pytest.TempPathFactory) -> ReviewModel:
    """One copy of the project with four independent changes, reviewed once (one Checkov run); each test below
    looks at its own change's resource and check."""
    project = copy_project(tmp_path_factory.mktemp("mutated") / "project")
    data, functions = project / STACK / "data.py", project / STACK / "functions.py"
    # 1. The idempotency table loses point-in-time recovery.
    mutate(
        data,
        'ttl=aws.dynamodb.TableTtlArgs(attribute_name="expiration", enabled=True),\n'
        "            point_in_time_recovery=aws.dynamodb.TablePointInTimeRecoveryArgs(enabled=True),",
        'ttl=aws.dynamodb.TableTtlArgs(attribute_name="expiration", enabled=True),\n'
        "            point_in_time_recovery=aws.dynamodb.TablePointInTimeRecoveryArgs(enabled=False),",
    )
    # 2. The access-log bucket is no longer versioned.
    mutate(
        data,
        "name=args.access_log_bucket_name,\n",
        "name=args.access_log_bucket_name,\n                versioned=False,\n",
    )
    # 3. The reports bucket stops writing access logs.
    mutate(data, "BucketSettings(name=args.bucket_name, access_log_bucket=access_logs.bucket, **kept)",
           "BucketSettings(name=args.bucket_name, **kept)")  # fmt: skip
    # 4. ListStreams goes back onto the stream's ARN, where it grants nothing.
    mutate(functions, '"dynamodb:GetShardIterator"],', '"dynamodb:GetShardIterator", "dynamodb:ListStreams"],')
    with fresh_program_modules():
        checks = IndependentOptions(find_checkov(REPO))  # the copy has no Checkov environment of its own
        return review_offline(project, "dev", PACK, generated_at=GENERATED_AT, independent=checks)


def test_a_failure_the_pack_reports_too_is_covered_by_that_policy(mutated_model: ReviewModel) -> None:
    pitr = _one(mutated_model, "CKV_AWS_28", "data-idempotency")
    assert (pitr.classification, pitr.policies) == ("covered", ("aws-dynamodb-table-pitr",))
    assert any(
        f.policy == "aws-dynamodb-table-pitr" and f.resource_name == "data-idempotency" for f in mutated_model.findings
    )
    versioning = _one(mutated_model, "CKV_AWS_21", "data-access-logs")  # the pack no longer exempts the log bucket
    assert (versioning.classification, versioning.policies) == ("covered", ("aws-s3-bucket-versioning",))


def test_a_scoped_exception_holds_only_where_the_pack_exempts_the_resource(mutated_model: ReviewModel) -> None:
    # S3.9 is excepted for the access-log bucket only: the reports bucket without access logs is the pack's failure.
    logging = _one(mutated_model, "CKV_AWS_18", "data-reports")
    assert (logging.classification, logging.policies) == ("covered", ("aws-s3-bucket-access-logging",))


def test_a_grant_the_pack_does_not_check_is_a_gap(mutated_model: ReviewModel) -> None:
    mismatch = _one(mutated_model, "RESOURCE_MISMATCH", "fraud-analyzer-policy")
    assert mismatch.classification == "gap" and mismatch.reason == "no policy of the pack checks this"
    assert mismatch.detail.endswith("dynamodb:ListStreams needs resource *")
    parliament = sarif_document(mutated_model)["runs"][2]
    (result,) = [r for r in parliament["results"] if r["ruleId"] == "RESOURCE_MISMATCH"]
    assert result["level"] == "warning" and "suppressions" not in result
    assert mutated_model.independent.counts()["gap"] == 1
