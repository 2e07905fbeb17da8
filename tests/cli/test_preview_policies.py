"""`fraudctl preview --policy-pack policies`: the real pack over gRPC, on the stack and on mutated copies of it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from fraudctl.cli import main
from tests.project_copy import MUTATIONS, PROJECT_ROOT, copy_project

pytestmark = pytest.mark.slow
PACK = str(PROJECT_ROOT / "policies")


def preview(capsys, project: Path, *extra: str, event_log: Path | None = None) -> tuple[int, str, str, list[dict]]:
    args = ["preview", "--cwd", str(project), "--stack", "dev", "--policy-pack", PACK, *extra]
    if event_log:
        args += ["--event-log", str(event_log)]
    code = main(args)
    out, err = capsys.readouterr()
    events = (
        [json.loads(line) for line in event_log.read_text().splitlines()] if event_log and event_log.exists() else []
    )
    return code, out, err, events


def mandatory_failures(events: list[dict]) -> set[str]:
    return {
        e["policyEvent"]["policyName"]
        for e in events
        if e.get("policyEvent", {}).get("enforcementLevel") == "mandatory"
    }


def test_the_real_stack_has_no_mandatory_violation(capsys, tmp_path):
    code, out, _, events = preview(capsys, PROJECT_ROOT, event_log=tmp_path / "events.jsonl")
    assert code == 0
    assert "Policies:" in out and "fraud-detection-guardrails@v1.0.0" in out
    assert mandatory_failures(events) == set()
    summaries = [e["policyAnalyzeSummaryEvent"] for e in events if "policyAnalyzeSummaryEvent" in e]
    function = next(s for s in summaries if s["resourceUrn"].endswith("::transaction-processor"))
    assert {"aws-lambda-function-runtime", "aws-lambda-function-timeout"} <= set(function["passed"])


EXPECTED_POLICY = {
    "runtime python3.12": "aws-lambda-function-runtime",
    "tag missing": "aws-tagging-resource-required-tags",
    "log retention 14": "aws-cloudwatch-loggroup-retention",
    "provisioned billing": "aws-dynamodb-table-billing-mode",
    "kms instead of aes256": "aws-s3-bucket-sse",
    "throttle 5000": "aws-apigateway-methodsettings-throttling",
    "reserved concurrency 50": "aws-lambda-function-reserved-concurrency",
    "timeout 60": "aws-lambda-function-timeout",
    "error alarm 5 percent": "aws-cloudwatch-metricalarm-lambda-error-rate",
    "stream keys only": "aws-dynamodb-table-stream",
    "logging level error": "aws-apigateway-methodsettings-logging-level",
    "wildcard action": "aws-iam-policy-no-wildcard-actions",
}


@pytest.mark.parametrize("mutation", sorted(EXPECTED_POLICY))
def test_a_mutated_program_fails_with_exit_1_naming_the_policy(capsys, tmp_path, mutation):
    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project", MUTATIONS[mutation])
    code, out, err, events = preview(capsys, project, event_log=tmp_path / "events.jsonl")
    assert code == 1, out[-2000:]
    assert mandatory_failures(events) == {EXPECTED_POLICY[mutation]}
    assert f"[mandatory]  {EXPECTED_POLICY[mutation]}" in out
    assert "mandatory policy violations" in err


def write_config(tmp_path: Path, config: dict) -> str:
    path = tmp_path / "policy-config.json"
    path.write_text(json.dumps(config))
    return str(path)


@pytest.fixture
def short_retention(tmp_path) -> Path:
    (tmp_path / "project").mkdir()
    return copy_project(tmp_path / "project", MUTATIONS["log retention 14"])


def test_config_can_disable_a_policy(capsys, tmp_path, short_retention):
    config = write_config(tmp_path, {"aws-cloudwatch-loggroup-retention": "disabled"})
    code, out, _, _ = preview(capsys, short_retention, "--policy-pack-config", config, event_log=tmp_path / "e.jsonl")
    assert code == 0 and "aws-cloudwatch-loggroup-retention" not in out


def test_config_can_lower_a_policy_to_advisory(capsys, tmp_path, short_retention):
    config = write_config(tmp_path, {"aws-cloudwatch-loggroup-retention": {"enforcementLevel": "advisory"}})
    code, out, _, _ = preview(capsys, short_retention, "--policy-pack-config", config)
    assert code == 0
    assert "[advisory]  aws-cloudwatch-loggroup-retention" in out


def test_config_can_set_another_environments_value(capsys, tmp_path, short_retention):
    policy = "aws-cloudwatch-loggroup-retention"
    config = write_config(tmp_path, {policy: {"retentionInDays": 14}})
    code, out, _, _ = preview(capsys, short_retention, "--policy-pack-config", config)
    assert code == 0, out[-1500:]
    code, out, _, _ = preview(capsys, PROJECT_ROOT, "--policy-pack-config", config)
    assert code == 1 and f"[mandatory]  {policy}" in out


def test_invalid_config_is_a_clear_error_with_exit_2(capsys, tmp_path):
    config = write_config(tmp_path, {"aws-lambda-function-timeout": {"timeoutSeconds": "soon"}})
    code, out, err, _ = preview(capsys, PROJECT_ROOT, "--policy-pack-config", config)
    assert code == 2
    assert "validating policy config: fraud-detection-guardrails 1.0.0" in err
    assert "aws-lambda-function-timeout" in err
    assert "Resources:" not in out


def test_an_unknown_policy_in_the_config_is_refused(capsys, tmp_path):
    config = write_config(tmp_path, {"aws-lambda-function-colour": "mandatory"})
    code, _, err, _ = preview(capsys, PROJECT_ROOT, "--policy-pack-config", config)
    assert code == 2 and "aws-lambda-function-colour" in err


def test_a_pack_that_cannot_start_is_exit_2(capsys, tmp_path):
    (tmp_path / "PulumiPolicy.yaml").write_text(f"runtime:\n  name: python\n  options:\n    virtualenv: {sys.prefix}\n")
    (tmp_path / "__main__.py").write_text("raise SystemExit('pack is broken')\n")
    code = main(["preview", "--cwd", str(PROJECT_ROOT), "--policy-pack", str(tmp_path)])
    _, err = capsys.readouterr()
    assert code == 2 and "pack is broken" in err
