"""A copy of the project with one setting changed: the finding appears with its severity and rule, the verdict flips."""

from __future__ import annotations

import json
from collections.abc import Callable

from fraudctl.review import ReviewModel, sarif_document, write_review


def test_a_runtime_off_the_spec_fails_the_review_with_a_high_severity_error(
    mutated_review: Callable[[str, str, str], ReviewModel], tmp_path
) -> None:
    model = mutated_review("infra/__main__.py", "runtime=cfg.lambda_runtime", 'runtime="python3.12"')

    assert model.summary.verdict == "FAIL"
    runtime = [f for f in model.findings if f.policy == "aws-lambda-function-runtime"]
    assert {f.resource_name for f in runtime} == {"transaction-processor", "fraud-analyzer", "report-generator"}
    assert {(f.level, f.severity) for f in runtime} == {("mandatory", "high")}
    assert model.findings[0].policy == "aws-lambda-function-runtime"  # blocking findings come first
    policy = next(p for p in model.policies if p.name == "aws-lambda-function-runtime")
    assert policy.status == "fail" and policy.findings == 3
    # The spec pin fails, Lambda.2 (is the runtime still supported?) passes: python3.12 is, until 2028-10-31.
    lambda2 = next(row for row in model.coverage.fsbp if row.control == "Lambda.2")
    assert (lambda2.policies, lambda2.result, lambda2.in_stack) == (
        ("aws-lambda-function-supported-runtime",),
        "pass",
        "exact",
    )

    run = sarif_document(model)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = [r for r in run["results"] if r["ruleId"] == "aws-lambda-function-runtime"]
    assert len(results) == 3 and {r["level"] for r in results} == {"error"}
    rule = rules[results[0]["ruleIndex"]]
    assert rule["id"] == "aws-lambda-function-runtime" and rule["properties"]["security-severity"] == "8.0"
    location = results[0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "infra/fraud_stack/lambda_function.py"
    source = (tmp_path / "project" / location["artifactLocation"]["uri"]).read_text().splitlines()
    assert "aws.lambda_.Function(" in source[location["region"]["startLine"] - 1]
    assert "python3.12" in results[0]["message"]["text"]

    markdown = write_review(model, tmp_path / "out").markdown.read_text()
    assert "> **❌ Verdict: FAIL**" in markdown
    assert "| ❌ mandatory | high | `aws-lambda-function-runtime` | Function fraud-analyzer |" in markdown


def test_a_longer_log_retention_fails_as_a_low_severity_note(
    mutated_review: Callable[[str, str, str], ReviewModel], tmp_path
) -> None:
    model = mutated_review(
        "Pulumi.dev.yaml",
        "fraud-detection:costCenter:",
        'fraud-detection:logRetentionDays: "14"\n  fraud-detection:costCenter:',
    )

    assert model.summary.verdict == "FAIL"
    retention = [f for f in model.findings if f.policy == "aws-cloudwatch-loggroup-retention"]
    groups = len(model.monitoring.log_groups)
    assert groups >= 8 and len(retention) == groups
    assert {(f.level, f.severity) for f in retention} == {("mandatory", "low")}
    assert all(group.retention_days == 14 for group in model.monitoring.log_groups)
    exception = next(e for e in model.coverage.exceptions if "CKV_AWS_338" in e.control)
    assert exception.observed == (f"log group retention: 14 days ({groups}) of {groups} log groups",)
    document = json.loads(write_review(model, tmp_path / "out").sarif.read_text())
    levels = {r["level"] for r in document["runs"][0]["results"] if r["ruleId"] == "aws-cloudwatch-loggroup-retention"}
    assert levels == {"note"}
    assert document["runs"][0]["properties"]["verdict"] == "FAIL"
