"""The SARIF file validates against the SARIF 2.1.0 schema and carries what GitHub code scanning reads."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlparse

import jsonschema
import pytest

from fraudctl.review import ReviewFiles, sarif_level

SCHEMA = Path(__file__).resolve().parent / "fixtures" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


@pytest.fixture(scope="module")
def sarif(real_files: ReviewFiles) -> dict:
    return json.loads(real_files.sarif.read_text())


def test_the_sarif_of_the_real_stack_is_valid_sarif_2_1_0(validator: jsonschema.Draft7Validator, sarif: dict) -> None:
    errors = sorted(validator.iter_errors(sarif), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])
    assert sarif["version"] == "2.1.0" and sarif["$schema"].endswith("sarif-schema-2.1.0.json")


def test_the_schema_fixture_rejects_what_the_original_rejects(
    validator: jsonschema.Draft7Validator, sarif: dict
) -> None:
    # Guards against a permissive fixture: each of these breaks a rule of the OASIS schema.
    broken = json.loads(json.dumps(sarif))
    broken["runs"][0]["results"][0]["level"] = "critical"
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    broken["runs"][0]["tool"]["driver"]["rules"][0]["unknownField"] = True
    del broken["runs"][0]["results"][0]["message"]
    broken["version"] = "2.0.0"
    messages = [e.message for e in validator.iter_errors(broken)]
    assert len(messages) >= 5, messages


def test_every_policy_is_a_rule_with_help_tags_and_a_security_severity(sarif: dict) -> None:
    (run,) = sarif["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "fraud-detection-guardrails" and driver["version"] == "1.0.0"
    assert urlparse(driver["informationUri"]).scheme == "https"
    rules = driver["rules"]
    assert len(rules) == 55 and len({r["id"] for r in rules}) == 55
    for rule in rules:
        assert rule["help"]["text"].startswith("Remediation: ") and rule["shortDescription"]["text"]
        assert float(rule["properties"]["security-severity"]) > 0  # GitHub wants a number in a string
        assert "security" in rule["properties"]["tags"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
        if "helpUri" in rule:
            assert urlparse(rule["helpUri"]).netloc == "docs.aws.amazon.com"
    runtime = next(r for r in rules if r["id"] == "aws-lambda-function-runtime")
    assert {"fsbp:Lambda.2", "checkov:CKV_AWS_363", "origin:spec"} <= set(runtime["properties"]["tags"])
    assert runtime["defaultConfiguration"]["level"] == "error"


def test_results_point_at_rules_and_source_lines(sarif: dict) -> None:
    (run,) = sarif["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert len(run["results"]) == 3  # deletion protection off on the dev stack's three tables
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == "aws-dynamodb-table-deletion-protection"
        assert result["level"] == "note"  # advisory, medium
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == "infra/fraud_stack/data.py"
        assert location["region"]["startLine"] > 1
        assert result["partialFingerprints"]["policyResource/v1"]
    assert run["automationDetails"]["id"] == "fraudctl-review/fraud-detection/dev/"


@pytest.mark.parametrize(
    ("level", "severity", "expected"),
    [
        ("mandatory", "critical", "error"),
        ("mandatory", "high", "error"),
        ("mandatory", "medium", "warning"),
        ("mandatory", "low", "note"),
        ("advisory", "critical", "warning"),
        ("advisory", "high", "warning"),
        ("advisory", "medium", "note"),
        ("advisory", "low", "note"),
    ],
)
def test_levels_follow_severity_and_enforcement(level: str, severity: str, expected: str) -> None:
    assert sarif_level(level, severity) == expected
