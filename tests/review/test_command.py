"""`fraudctl review` as a user runs it: arguments, output paths, exit codes, one-line errors, identical re-runs."""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import pytest

from fraudctl.commands import review as review_command
from fraudctl.review import ReviewModel, write_review

from .conftest import DEV_ADVISORIES, GENERATED_AT, PACK, REPO
from .stack_files import FIXTURES, SAMPLE_EVENT_LOG, SAMPLE_STACK_EXPORT
from .test_files_mode import RUNTIME_VIOLATION


def fraudctl_review(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="fraudctl")
    review_command.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["review", *argv])
    return args.handler(args)


def files_mode(out: Path, *extra: str, events: Path = SAMPLE_EVENT_LOG, checks: bool = False) -> tuple[str, ...]:
    # Checkov takes ~5 s a run: only the tests about the independent checks run them.
    skip = () if checks else ("--no-independent-checks",)
    return (
        "--cwd", str(REPO), "--policy-pack", str(PACK), "--out", str(out), "--generated-at", GENERATED_AT,
        "--event-log", str(events), "--stack-export", str(SAMPLE_STACK_EXPORT), *skip, *extra,
    )  # fmt: skip


def test_files_mode_writes_four_reports_and_prints_their_paths(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # a relative --out: Checkov, which runs elsewhere, must still find the plan
    assert fraudctl_review(*files_mode(Path("out"), checks=True)) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(
        f"Security review of fraud-detection/dev: PASS WITH ADVISORIES (0 mandatory, {len(DEV_ADVISORIES)} advisory"
    )
    assert out[1].startswith("Independent checks: ") and " gaps, " in out[1]
    names = [Path(line.strip()).name for line in out[2:]]
    assert names == ["security-review.md", "security-review.html", "security-review.json", "security-review.sarif"]
    assert all((tmp_path / line.strip()).is_file() for line in out[2:])
    plan = json.loads((tmp_path / "out" / "terraform-plan.json").read_text())  # what Checkov read, kept
    assert plan["pulumi"]["source"] == "stack export"


def test_no_checkov_is_an_error_unless_the_checks_are_skipped(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("FRAUDCTL_CHECKOV", str(tmp_path / "missing"))
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    argv = files_mode(tmp_path / "out", "--cwd", str(tmp_path), checks=True)  # a project without .venv-checkov
    assert fraudctl_review(*argv) == 2
    assert "Checkov not found: run `make .venv-checkov/.installed`" in capsys.readouterr().err
    assert not (tmp_path / "out" / "security-review.md").exists()


def test_a_fail_verdict_exits_1_and_still_writes_the_review(tmp_path: Path, capsys) -> None:
    events = tmp_path / "events.jsonl"
    events.write_text(SAMPLE_EVENT_LOG.read_text() + json.dumps(RUNTIME_VIOLATION) + "\n")
    assert fraudctl_review(*files_mode(tmp_path / "out", events=events)) == 1
    assert f": FAIL (1 mandatory, {len(DEV_ADVISORIES)} advisory" in capsys.readouterr().out
    assert json.loads((tmp_path / "out" / "security-review.json").read_text())["summary"]["verdict"] == "FAIL"


def test_bad_input_exits_2_with_one_line_naming_the_file(tmp_path: Path, capsys) -> None:
    events = tmp_path / "events.jsonl"
    events.write_text("{oops\n")
    assert fraudctl_review(*files_mode(tmp_path / "out", events=events)) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"error: {events}:1: not valid JSON (Expecting property name enclosed in double quotes at column 2)"
    assert not (tmp_path / "out").exists()


def test_event_log_and_stack_export_go_together(tmp_path: Path, capsys) -> None:
    assert fraudctl_review("--event-log", str(SAMPLE_EVENT_LOG), "--out", str(tmp_path)) == 2
    assert "--event-log and --stack-export go together" in capsys.readouterr().err


def test_defaults_write_under_the_project_and_pick_up_the_acceptance_report(tmp_path: Path, capsys) -> None:
    project = tmp_path / "project"
    (project / "reports").mkdir(parents=True)
    shutil.copy2(REPO / "Pulumi.yaml", project / "Pulumi.yaml")
    shutil.copytree(PACK, project / "policies", ignore=shutil.ignore_patterns("venv", "__pycache__"))
    shutil.copy2(FIXTURES / "cucumber.json", project / "reports" / "cucumber.json")
    argv = (
        "--cwd", str(project), "--event-log", str(SAMPLE_EVENT_LOG), "--stack-export", str(SAMPLE_STACK_EXPORT),
        "--no-independent-checks",
    )  # fmt: skip
    assert fraudctl_review(*argv) == 0
    out_dir = project / "reports" / "security-review"
    assert str(out_dir / "security-review.md") in capsys.readouterr().out
    acceptance = json.loads((out_dir / "security-review.json").read_text())["acceptance"]
    assert acceptance["file"] == "reports/cucumber.json"
    assert (acceptance["features"], acceptance["passed"], acceptance["failed"]) == (2, 2, 1)
    markdown = (out_dir / "security-review.md").read_text()
    assert "2 features, 2 scenarios passed, 1 failed, 0 skipped, 2.4 s of steps" in markdown
    assert "AssertionError: \\<img src=x\\> retention is 14 days" in markdown  # the failure's last line, escaped


def test_an_acceptance_report_that_is_not_cucumber_json_is_an_error(tmp_path: Path, capsys) -> None:
    report = tmp_path / "cucumber.json"
    report.write_text('{"features": []}')
    assert fraudctl_review(*files_mode(tmp_path / "out", "--cucumber-json", str(report))) == 2
    assert f"{report}: not a Cucumber JSON report" in capsys.readouterr().err


@pytest.mark.slow
def test_offline_mode_reruns_to_identical_files(tmp_path: Path, real_model: ReviewModel, capsys) -> None:
    argv = ("--cwd", str(REPO), "--stack", "dev", "--out", str(tmp_path / "cli"), "--generated-at", GENERATED_AT)
    assert fraudctl_review(*argv) == 0
    assert "PASS WITH ADVISORIES" in capsys.readouterr().out
    # Two program runs (this one and the session's) register resources in different orders; the files agree.
    earlier = write_review(real_model, tmp_path / "session")
    for path in earlier.all():
        assert (tmp_path / "cli" / path.name).read_bytes() == path.read_bytes(), path.name


def test_a_program_that_cannot_run_exits_2(tmp_path: Path, capsys) -> None:
    (tmp_path / "Pulumi.yaml").write_text("name: broken\nruntime: nodejs\n")
    assert fraudctl_review("--cwd", str(tmp_path), "--policy-pack", str(PACK), "--out", str(tmp_path / "out")) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: the program could not run: ") and "Pulumi.yaml" in err


def test_a_pack_that_cannot_load_exits_2(tmp_path: Path, capsys) -> None:
    assert fraudctl_review("--cwd", str(REPO), "--policy-pack", str(tmp_path), "--out", str(tmp_path / "out")) == 2
    assert "failed to load Pulumi policy project" in capsys.readouterr().err


def test_policy_config_is_refused_in_files_mode(tmp_path: Path, capsys) -> None:
    assert fraudctl_review(*files_mode(tmp_path / "out", "--policy-pack-config", str(tmp_path / "c.json"))) == 2
    assert "--policy-pack-config applies offline" in capsys.readouterr().err
