"""The review of the real dev stack: every section says what the stack actually is."""

from __future__ import annotations

import json
import re

from fraudctl.program.model import ProgramRun
from fraudctl.review import ReviewFiles, ReviewModel

from .conftest import DEV_ADVISORIES, FUNCTIONS, REPO


def test_the_verdict_is_pass_with_the_recorded_advisories(real_model: ReviewModel) -> None:
    summary = real_model.summary
    assert summary.verdict == "PASS WITH ADVISORIES"
    found = real_model.findings
    assert {(f.policy, f.resource_name) for f in found} == DEV_ADVISORIES
    assert {f.level for f in found} == {"advisory"}
    advisory = dict(summary.findings_by_level)["advisory"]
    assert advisory == len(DEV_ADVISORIES)
    assert real_model.source.project == "fraud-detection" and real_model.source.region == "us-east-2"


def test_every_policy_of_the_pack_is_listed_with_its_outcome_and_resources(real_model: ReviewModel) -> None:
    catalogue = json.loads((REPO / "policies" / "controls.json").read_text())
    names = {p["name"] for p in catalogue["policies"]}
    assert {p.name for p in real_model.policies} == names
    by_name = {p.name: p for p in real_model.policies}
    failing = {policy for policy, _ in DEV_ADVISORIES}
    assert all(by_name[n].status == "fail" for n in failing)
    assert all(p.status == "pass" for n, p in by_name.items() if n not in failing)
    assert set(by_name["aws-lambda-function-runtime"].covered) == set(FUNCTIONS)
    assert by_name["aws-s3-bucket-sse"].covered == ("data-access-logs", "data-reports")  # a stack policy
    assert by_name["aws-lambda-functionurl-auth"].covered == ()  # no function URL in this stack
    assert by_name["aws-lambda-function-runtime"].remediation.startswith("Set runtime=")


def test_coverage_is_counted_from_the_catalogue_for_the_pack_and_for_dev(real_model: ReviewModel) -> None:
    coverage = real_model.coverage
    catalogue = json.loads((REPO / "policies" / "controls.json").read_text())
    figures = {(f.standard, f.scope): f for f in coverage.figures}
    for standard, counts in catalogue["coverage"].items():
        for scope, expected in (("pack", counts["pack"]), ("stack dev", counts["stacks"]["dev"])):
            f = figures[(standard, scope)]
            assert (f.applicable, f.exact, f.partial, f.excepted, f.not_checkable, f.percent_exact) == (
                expected["applicable"],
                expected["exact"],
                expected["partial"],
                expected["excepted"],
                expected["notCheckableBeforeDeploy"],
                expected["percentExact"],
            ), (standard, scope)
    pack, dev = figures[("FSBP", "pack")], figures[("FSBP", "stack dev")]
    assert pack.percent_exact is not None and pack.percent_exact >= 90 and pack.partial == 0
    assert (dev.open, dev.exact + dev.excepted + dev.open + dev.not_checkable) == (0, dev.applicable)
    rows = {row.control: row for row in (*coverage.fsbp, *coverage.other)}
    assert (rows["DynamoDB.6"].status, rows["DynamoDB.6"].in_stack, rows["DynamoDB.6"].result) == (
        "exact",
        "accepted exception",
        "warn",  # its advisory policy fails on dev
    )
    assert (rows["Lambda.2"].in_stack, rows["Lambda.2"].policies, rows["Lambda.2"].result) == (
        "exact",
        ("aws-lambda-function-supported-runtime",),
        "pass",
    )
    assert rows["KMS.3"].status == "not checkable before deploy"
    assert rows["S3.1"].status == "account-level" and rows["APIGateway.8"].status == "not applicable"
    assert rows["S3.17"].framework == "NIST-800-53" and "S3.17" not in {r.control for r in coverage.fsbp}
    assert rows["EC2.21"].in_stack == "exact" and rows["EC2.21"].result == "pass"
    exceptions = {e.control: e for e in coverage.exceptions}
    # Every exception the spec or a decision forces, with its reason and what the stack shows for it.
    for marker, observed in [
        ("CKV_AWS_338", "7 days"),
        ("S3.17", "default encryption AES256"),
        ("CKV_AWS_120", "caching off"),
        ("Lambda timeout", "300 s (3)"),
        ("DynamoDB.6", "tables with deletion protection: 0 of 3"),
        ("EC2.55", "dynamodb (Gateway), s3 (Gateway)"),
        ("CKV_AWS_144", "replication configurations: 0; versioned: 2 of 2"),
        ("PERMISSIONS_MANAGEMENT_ACTIONS", "AccountAdministersKey grants 30 actions to arn:aws:iam::123456789012:root"),
    ]:
        entry = next(e for control, e in exceptions.items() if marker in control)
        assert entry.reason, marker
        assert any(observed in line for line in entry.observed), (marker, entry.observed)
    checkov = {row.control: row for row in coverage.checkov}
    assert checkov["CKV_AWS_116"].status == "not implemented" and checkov["CKV_AWS_116"].reason
    assert checkov["CKV_AWS_363"].policies == ("aws-lambda-function-supported-runtime",)
    assert checkov["CKV2_AWS_77"].policies == ("aws-wafv2-webacl-managed-rule-groups",)
    # Checks no policy answers for because the catalogue excepts them: a control's equivalent, an other exception's ID.
    assert (checkov["CKV_AWS_144"].status, checkov["CKV_AWS_144"].reason[:6]) == ("accepted exception", "S3.7: ")
    assert checkov["CKV_AWS_225"].status == "accepted exception" and "caching" in checkov["CKV_AWS_225"].reason
    assert checkov["CKV2_AWS_62"].policies == ("aws-s3-bucket-event-notifications",)  # S3.11's equivalent


def test_iam_matrix_lists_every_role_statement_and_justifies_each_wildcard(real_model: ReviewModel) -> None:
    roles = {role.name: role for role in real_model.iam}
    assert set(roles) == {
        "api-cloudwatch-role",
        "fraud-analyzer-role",
        "monitoring-alarms-feedback-role",
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
    flagged = {g.sid for role in real_model.iam for g in role.grants if g.flags}
    # The ENI write actions take ARNs (CKV_AWS_355) and are scoped to them: nothing is flagged.
    assert flagged == set()
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
    assert stores[("SQS queue", "events-report-on-failure")].at_rest.startswith("SSE-SQS")
    log_groups = [item for item in real_model.inventory if item.type == "aws:cloudwatch/logGroup:LogGroup"]
    assert sum(kind == "CloudWatch log group" for kind, _ in stores) == len(log_groups) == 9  # with the WAF's and SNS's


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
        "Control coverage (FSBP, other standards, Checkov)",
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
