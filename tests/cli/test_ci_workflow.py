"""The GitHub workflows a team adopts: offline CI without credentials, the real preview with the pack on pull
requests, the real `up` with the pack then acceptance and review on main. Linted offline by actionlint."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from fraud_stack.pins import pinned_version
from tests.project_copy import PROJECT_ROOT

WORKFLOWS = PROJECT_ROOT / ".github" / "workflows"
# The current major of every action used (the node20 majors are retired): checkout v7, setup-python v7,
# upload-artifact v7, configure-aws-credentials v6, pulumi/actions v7 (node24), codeql-action v4.
CURRENT_MAJORS = {
    "actions/checkout": "v7",
    "actions/setup-python": "v7",
    "actions/upload-artifact": "v7",
    "aws-actions/configure-aws-credentials": "v6",
    "pulumi/actions": "v7",
    "github/codeql-action/upload-sarif": "v4",
}
PACK = '--policy-pack policies --policy-pack-config "policies/config/$PULUMI_STACK.json"'


def workflow(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text())


def steps(name: str) -> list[dict]:
    (job,) = workflow(name)["jobs"].values()
    return job["steps"]


def run_step(name: str, needle: str) -> tuple[int, dict]:
    return next((i, s) for i, s in enumerate(steps(name)) if needle in s.get("run", ""))


def uses_step(name: str, action: str) -> tuple[int, dict]:
    return next((i, s) for i, s in enumerate(steps(name)) if s.get("uses", "").startswith(f"{action}@"))


def test_exactly_the_three_workflows():
    assert sorted(p.name for p in WORKFLOWS.iterdir()) == ["ci.yml", "deploy.yml", "preview.yml"]


@pytest.mark.parametrize("name", ["ci.yml", "preview.yml", "deploy.yml"])
def test_every_action_is_on_its_current_major(name):
    used = [s["uses"] for s in steps(name) if "uses" in s]
    assert used
    for reference in used:
        action, major = reference.split("@")
        assert CURRENT_MAJORS.get(action) == major, reference


def test_ci_runs_make_test_with_no_cloud_credentials():
    text = (WORKFLOWS / "ci.yml").read_text()
    ci = workflow("ci.yml")
    assert set(ci[True]) == {"pull_request", "push"}  # YAML reads the `on:` key as True
    assert ci["permissions"] == {"contents": "read"}  # no id-token: no OIDC role can be assumed
    assert "secrets." not in text and "AWS_" not in text and "configure-aws-credentials" not in text
    assert run_step("ci.yml", "make test")


def test_preview_runs_the_real_cli_with_the_pack_its_config_and_an_event_log():
    preview = workflow("preview.yml")
    assert set(preview[True]) == {"pull_request"}
    assert preview["permissions"] == {
        "contents": "read",
        "id-token": "write",
        "pull-requests": "write",  # the PR comment (pulumi/actions#1195)
        "security-events": "write",  # SARIF upload
    }
    install, _ = run_step("preview.yml", "make .venv/.installed")  # the pack's interpreter is the project .venv
    credentials, aws = uses_step("preview.yml", "aws-actions/configure-aws-credentials")
    cli, _ = uses_step("preview.yml", "pulumi/actions")
    index, step = run_step("preview.yml", "pulumi preview")
    assert install < index and credentials < index and cli < index
    assert PACK in step["run"] and "--event-log reports/preview-events.jsonl" in step["run"]
    assert aws["with"] == {"role-to-assume": "${{ secrets.AWS_PREVIEW_ROLE_ARN }}", "aws-region": "us-east-2"}
    assert (PROJECT_ROOT / "policies" / "config" / "dev.json").is_file()
    _, comment = run_step("preview.yml", "gh pr comment")
    assert comment["if"].startswith("always()")
    review_index, review = run_step("preview.yml", "fraudctl review")
    assert review_index > index
    assert "--event-log reports/preview-events.jsonl" in review["run"] and "--stack-export" in review["run"]
    assert "pulumi stack export" in review["run"]
    _, sarif = uses_step("preview.yml", "github/codeql-action/upload-sarif")
    assert sarif["with"]["sarif_file"] == "reports/security-review/security-review.sarif"
    _, artifact = uses_step("preview.yml", "actions/upload-artifact")
    assert "reports/security-review/" in artifact["with"]["path"]


def test_deploy_is_gated_by_an_environment_and_stops_on_a_mandatory_violation():
    deploy = workflow("deploy.yml")
    assert deploy[True]["push"] == {"branches": ["main"]}
    (job,) = deploy["jobs"].values()
    assert job["environment"] == "${{ vars.PULUMI_STACK || 'dev' }}"
    assert deploy["concurrency"]["cancel-in-progress"] is False
    up_index, up = run_step("deploy.yml", "pulumi up")
    assert PACK in up["run"] and "--yes" in up["run"] and "--event-log reports/up-events.jsonl" in up["run"]
    assert "continue-on-error" not in up  # the CLI exits non-zero on a mandatory violation, before any change
    _, aws = uses_step("deploy.yml", "aws-actions/configure-aws-credentials")
    assert aws["with"]["role-to-assume"] == "${{ secrets.AWS_DEPLOY_ROLE_ARN }}"
    acceptance_index, acceptance = run_step("deploy.yml", "tests/acceptance")
    assert acceptance_index > up_index
    assert "pulumi stack output api_url" in acceptance["run"]
    assert "pulumi stack output api_key --show-secrets" in acceptance["run"]
    assert "::add-mask::$FRAUD_API_KEY" in acceptance["run"]
    assert "--cucumberjson=reports/cucumber.json" in acceptance["run"]
    review_index, review = run_step("deploy.yml", "fraudctl review")
    assert review_index > acceptance_index and "--event-log reports/up-events.jsonl" in review["run"]


@pytest.mark.parametrize("name", ["preview.yml", "deploy.yml"])
def test_the_cli_is_the_version_of_the_pinned_sdk(name):
    _, cli = uses_step(name, "pulumi/actions")
    assert "command" not in cli["with"]  # only installs the CLI: the commands run as plain, visible steps
    assert cli["with"]["pulumi-version"] == pinned_version("pulumi")


def test_the_makefile_previews_with_the_same_pack_and_config():
    makefile = Path(PROJECT_ROOT / "Makefile").read_text()
    assert "--policy-pack policies --policy-pack-config policies/config/$(STACK).json" in makefile
    assert "$(BIN)/actionlint" in makefile


def actionlint() -> str:
    binary = Path(PROJECT_ROOT / ".venv" / "bin" / "actionlint")
    return str(binary) if binary.exists() else shutil.which("actionlint") or pytest.fail("actionlint not installed")


def test_actionlint_passes_the_workflows_and_catches_a_broken_one(tmp_path):
    clean = subprocess.run([actionlint(), *sorted(map(str, WORKFLOWS.glob("*.yml")))], capture_output=True, text=True)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    broken = tmp_path / "broken.yml"
    text = (WORKFLOWS / "preview.yml").read_text().replace("persist-credentials: false", "persist-credential: false")
    broken.write_text(text)
    caught = subprocess.run([actionlint(), str(broken)], capture_output=True, text=True)
    assert caught.returncode == 1 and 'input "persist-credential" is not defined' in caught.stdout
