"""The review of the real dev stack: every section says what the stack actually is."""

from __future__ import annotations

import json
import re

from fraudctl.program.model import ProgramRun
from fraudctl.review import ReviewFiles, ReviewModel

from .conftest import REPO


def test_the_verdict_is_pass_with_the_three_known_advisories(real_model: ReviewModel) -> None:
    summary = real_model.summary
    assert summary.verdict == "PASS WITH ADVISORIES"
    assert dict(summary.findings_by_level) == {"mandatory": 0, "advisory": 3}
    assert ("medium", 0, 3) in summary.findings_by_severity
    assert {(f.policy, f.resource_name) for f in real_model.findings} == {
        ("aws-dynamodb-table-deletion-protection", "data-transactions"),
        ("aws-dynamodb-table-deletion-protection", "data-idempotency"),
        ("aws-dynamodb-table-deletion-protection", "data-aggregates"),
    }
    levels = {level: (total, passed, failed) for level, total, passed, failed in summary.policies_by_level}
    assert levels["mandatory"][2] == 0 and levels["advisory"][2] == 1
    assert real_model.source.project == "fraud-detection" and real_model.source.region == "us-east-2"


def test_every_policy_of_the_pack_is_listed_with_its_outcome_and_resources(real_model: ReviewModel) -> None:
    catalogue = json.loads((REPO / "policies" / "controls.json").read_text())
    names = {p["name"] for p in catalogue["policies"]}
    assert {p.name for p in real_model.policies} == names
    by_name = {p.name: p for p in real_model.policies}
    assert by_name["aws-dynamodb-table-deletion-protection"].status == "fail"
    assert all(p.status == "pass" for n, p in by_name.items() if n != "aws-dynamodb-table-deletion-protection")
    assert set(by_name["aws-lambda-function-runtime"].covered) == {
        "transaction-processor",
        "fraud-analyzer",
        "report-generator",
    }
    assert by_name["aws-s3-bucket-sse"].covered == ("data-access-logs", "data-reports")  # a stack policy
    assert by_name["aws-lambda-functionurl-auth"].covered == ()  # no function URL in this stack
    assert by_name["aws-lambda-function-runtime"].remediation.startswith("Set runtime=")


def test_coverage_states_every_exception_the_spec_forces_with_its_reason(real_model: ReviewModel) -> None:
    coverage = real_model.coverage
    assert (coverage.fsbp_covered, coverage.fsbp_applicable) == (36, 38)
    statuses = {row.control: row.status for row in coverage.fsbp}
    assert statuses["S3.17"] == "accepted exception" and statuses["S3.1"] == "not applicable"
    assert statuses["Lambda.2"] == "covered"
    dynamo6 = next(row for row in coverage.fsbp if row.control == "DynamoDB.6")
    assert dynamo6.result == "warn"  # its advisory policy fails on dev
    exceptions = {e.control: e for e in coverage.exceptions}
    # security-controls.md: retention 7 days, SSE-S3 instead of KMS, caching off, the 300 s timeout.
    for marker, observed in [
        ("CKV_AWS_338", "7 days (6) of 6 log groups"),
        ("S3.17", "default encryption AES256"),
        ("CKV_AWS_120", "caching off"),
        ("Lambda timeout", "300 s (3)"),
    ]:
        entry = next(e for control, e in exceptions.items() if marker in control)
        assert entry.reason, marker
        assert any(observed in line for line in entry.observed), (marker, entry.observed)
    checkov = {row.control: row for row in coverage.checkov}
    assert checkov["CKV_AWS_116"].status == "not implemented" and checkov["CKV_AWS_116"].reason
    assert checkov["CKV_AWS_363"].policies == ("aws-lambda-function-runtime",)


def test_iam_matrix_lists_every_role_statement_and_justifies_each_wildcard(real_model: ReviewModel) -> None:
    roles = {role.name: role for role in real_model.iam}
    assert set(roles) == {
        "api-cloudwatch-role",
        "fraud-analyzer-role",
        "network-flow-logs-role",
        "report-generator-role",
        "transaction-processor-role",
    }
    analyzer = roles["fraud-analyzer-role"]
    assert analyzer.used_by == ("Function fraud-analyzer",)
    assert any("lambda.amazonaws.com" in t and "aws:SourceAccount" in t for t in analyzer.trusted)
    # The on-failure queue's permission is declared in another component but belongs to this role.
    assert {g.policy for g in analyzer.grants} == {"fraud-analyzer-policy", "events-analyzer-on-failure-policy"}
    sids = {g.sid: g for g in analyzer.grants}
    assert sids["SendStreamFailures"].actions == ("sqs:SendMessage",)
    assert sids["WriteTraces"].resources == ("*",) and sids["WriteTraces"].flags == ()
    assert any("required" in note for note in sids["WriteTraces"].notes)
    assert all(not g.flags for role in real_model.iam for g in role.grants)
    assert analyzer.location.path == "infra/fraud_stack/lambda_function.py"


def test_data_protection_covers_every_store(real_model: ReviewModel) -> None:
    stores = {(s.kind, s.name): s for s in real_model.data_protection}
    reports = stores[("S3 bucket", "data-reports")]
    assert reports.at_rest == "SSE-S3 (AES256)" and reports.in_transit.startswith("TLS required")
    assert "versioning" in reports.safeguards
    table = stores[("DynamoDB table", "data-transactions")]
    assert "aws/dynamodb" in table.at_rest and "point-in-time recovery" in table.safeguards
    assert table.concerns == ("deletion protection off",)
    assert "monitoring-alarms-key" in stores[("SNS topic", "monitoring-alarms")].at_rest
    assert stores[("SQS queue", "events-analyzer-on-failure")].at_rest.startswith("SSE-SQS")
    assert sum(kind == "CloudWatch log group" for kind, _ in stores) == 6


def test_network_exposure_shows_the_api_as_the_only_way_in(real_model: ReviewModel) -> None:
    exposure = real_model.exposure
    (api,) = exposure.internet
    assert api.endpoint.startswith("https://") and api.endpoint.endswith("/dev")
    assert any(r.startswith("POST /transactions (API key required") for r in api.routes)
    assert any(r.startswith("GET /transactions/{id}") for r in api.routes)
    assert any(p.startswith("WAF web ACL") and "AWSManagedRulesCommonRuleSet" in p for p in api.protections)
    assert any("1000 req/s" in p for p in api.protections) and api.concerns == ()
    assert any("no internet gateway and no NAT gateway" in fact for fact in exposure.private_network)
    assert any(re.search(r"network-functions-sg: ingress: none", fact) for fact in exposure.private_network)
    assert all("only from arn:" in grant for grant in exposure.invoke_grants) and len(exposure.invoke_grants) == 4


def test_logging_and_monitoring_give_each_function_its_log_group_and_error_alarm(real_model: ReviewModel) -> None:
    monitoring = real_model.monitoring
    assert {f.function for f in monitoring.functions} == {"transaction-processor", "fraud-analyzer", "report-generator"}
    for function in monitoring.functions:
        assert function.error_rate_alarm and function.retention_days == 7 and function.tracing == "Active"
        assert function.log_group == f"{function.function}-logs"
    assert all(group.retention_days == 7 for group in monitoring.log_groups)
    writers = {group.name: group.written_by for group in monitoring.log_groups}
    assert writers["network-flow-logs"] == "VPC flow logs (ALL traffic)"
    assert writers["api-access-logs"] == "API stage dev access logs"
    assert all(alarm.actions == ("SNS monitoring-alarms",) for alarm in monitoring.alarms)


def test_inventory_shows_effective_tags_from_the_provider_defaults(real_model: ReviewModel) -> None:
    items = {item.name: item for item in real_model.inventory}
    vpc = dict(items["network-vpc"].tags)
    # The VPC's own Name tag on top of the provider's default tags.
    assert vpc == {"CostCenter": "fraud-detection", "Environment": "dev", "ManagedBy": "Pulumi", "Name": vpc["Name"]}
    assert items["data-reports"].component == "data" and items["data-reports"].missing_tags == ()
    assert not items["api-deployment"].taggable and items["api-deployment"].tags == ()
    assert all(not item.missing_tags for item in real_model.inventory)
    assert items["network-vpc"].location.path == "infra/fraud_stack/network.py"


def test_source_locations_point_at_the_declaring_line(real_model: ReviewModel) -> None:
    for item in real_model.inventory:
        if item.type.startswith("aws:") or item.type.startswith("fraud:"):
            line = (REPO / item.location.path).read_text().splitlines()[item.location.line - 1]
            assert item.type.rsplit(":", 1)[-1] + "(" in line, (item.name, item.location, line)


def test_the_markdown_starts_with_the_summary_and_has_every_section(real_files: ReviewFiles) -> None:
    text = real_files.markdown.read_text()
    assert text.startswith("# Security review: fraud-detection / dev\n")
    assert "> **⚠️ Verdict: PASS WITH ADVISORIES**" in text
    for title in (
        "Summary",
        "Findings",
        "Policies",
        "FSBP and Checkov coverage",
        "IAM permission matrix",
        "Data protection",
        "Network exposure",
        "Logging and monitoring",
        "Resource inventory",
        "Acceptance evidence",
    ):
        assert f"\n## {title}\n" in text
    assert "Generated at 2026-01-01T00:00:00Z" in text
    # Table rows keep their column count: a value with a pipe or a newline would break the table.
    for block in re.findall(r"(?:^\|.*\|$\n?)+", text, flags=re.M):
        rows = block.strip().splitlines()
        widths = {len(re.findall(r"(?<!\\)\|", row)) for row in rows}
        assert len(widths) == 1, rows[0]


def test_no_secret_value_reaches_any_report(real_files: ReviewFiles, stack: ProgramRun) -> None:
    api_key = stack.outputs["api_key"]  # the program's one secret output; the mocks give a fixed value
    assert api_key
    for path in real_files.all():
        assert api_key not in path.read_text()
