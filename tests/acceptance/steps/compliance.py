"""Compliance steps, in the style of terraform-compliance: the stack's resources and the pack's verdicts."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pytest_bdd import given, parsers, then, when

from fraudctl.cli import main
from fraudctl.program.model import ProgramRun
from fraudctl.program.runner import run_program
from tests.project_copy import MUTATIONS, PROJECT_ROOT, copy_project


@dataclass
class PreviewOutcome:
    exit_code: int
    output: str
    events: list[dict]

    def violations(self, level: str) -> set[str]:
        return {
            e["policyEvent"]["policyName"]
            for e in self.events
            if e.get("policyEvent", {}).get("enforcementLevel") == level
        }


@given("the stack", target_fixture="project_dir")
def the_stack() -> Path:
    return PROJECT_ROOT


@given(parsers.parse("the stack with {change}"), target_fixture="project_dir")
def the_stack_with(change: str, tmp_path: Path) -> Path:
    mutation = next((m for m in MUTATIONS.values() if m.description == change), None)
    assert mutation is not None, f"no mutation described as {change!r} in tests/project_copy.py"
    (tmp_path / "project").mkdir()
    return copy_project(tmp_path / "project", mutation)


@when("it is previewed with the policy pack", target_fixture="preview")
def previewed_with_the_pack(project_dir: Path, tmp_path: Path, capsys) -> PreviewOutcome:
    event_log = tmp_path / "events.jsonl"
    code = main(
        [
            "preview",
            "--cwd",
            str(project_dir),
            "--policy-pack",
            str(PROJECT_ROOT / "policies"),
            "--event-log",
            str(event_log),
        ]
    )
    output = capsys.readouterr().out
    events = [json.loads(line) for line in event_log.read_text().splitlines()] if event_log.exists() else []
    return PreviewOutcome(code, output, events)


@then("there are no mandatory violations")
def no_mandatory_violations(preview: PreviewOutcome) -> None:
    assert preview.exit_code == 0, preview.output[-3000:]
    assert preview.violations("mandatory") == set()
    assert any("policyAnalyzeSummaryEvent" in e for e in preview.events), "the pack analyzed nothing"


@then(parsers.parse('the policy "{policy}" fails as mandatory'))
def policy_fails(preview: PreviewOutcome, policy: str) -> None:
    assert policy in preview.violations("mandatory"), preview.violations("mandatory")


@then(parsers.parse("the preview exits with code {code:d}"))
def preview_exit_code(preview: PreviewOutcome, code: int) -> None:
    assert preview.exit_code == code


def recorded(project_dir: Path) -> ProgramRun:
    return run_program(project_dir, "dev")


@then(parsers.parse('every "{type_token}" has a log group with retention {days:d} days'))
def every_function_has_its_log_group(project_dir: Path, type_token: str, days: int) -> None:
    run = recorded(project_dir)
    groups = {g.inputs["name"]: g.inputs["retentionInDays"] for g in run.by_type("aws:cloudwatch/logGroup:LogGroup")}
    functions = run.by_type(type_token)
    assert functions
    for function in functions:
        assert groups.get(f"/aws/lambda/{function.inputs['name']}") == days, function.name


@then(parsers.parse('every "{type_token}" has an error-rate alarm at {percent:d} percent'))
def every_function_has_an_error_rate_alarm(project_dir: Path, type_token: str, percent: int) -> None:
    run = recorded(project_dir)
    alarmed = {}
    for alarm in run.by_type("aws:cloudwatch/metricAlarm:MetricAlarm"):
        metrics = {q.get("metric", {}).get("metricName"): q for q in alarm.inputs.get("metricQueries") or []}
        if {"Errors", "Invocations"} <= set(metrics):
            alarmed[metrics["Errors"]["metric"]["dimensions"]["FunctionName"]] = alarm.inputs["threshold"]
    for function in run.by_type(type_token):
        assert alarmed.get(function.inputs["name"]) == percent, function.name
