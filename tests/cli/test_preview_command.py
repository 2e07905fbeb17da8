"""`fraudctl preview` as a user runs it: a subprocess, its output and its exit code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def fraudctl(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "fraudctl.cli", *args], capture_output=True, text=True, cwd=cwd, timeout=120, check=False
    )


@pytest.fixture(scope="module")
def preview(project_root) -> subprocess.CompletedProcess[str]:
    return fraudctl("preview", "--cwd", str(project_root), "--stack", "dev")


def test_preview_of_the_stack_exits_zero_and_lists_every_resource(preview, stack):
    assert preview.returncode == 0, preview.stderr
    lines = preview.stdout.splitlines()
    for resource in stack.resources:
        assert any(resource.name in line and resource.type.split(":")[-1] in line for line in lines), resource.name
    assert f"+ {len(stack.resources)} to create" in preview.stdout


def test_preview_shows_key_settings_and_hides_the_secret(preview):
    row = next(line for line in preview.stdout.splitlines() if " transaction-processor " in line)
    assert "runtime=python3.13" in row and "timeout=300" in row and "reservedConcurrentExecutions=100" in row
    assert "api_key    : [secret]" in preview.stdout  # keys padded to the longest, as the CLI pads them
    assert 'bucket_name: "fraud-reports-dev"' in preview.stdout


def test_resources_are_grouped_under_their_component(preview, stack):
    rows = [line for line in preview.stdout.splitlines() if line.startswith("+")]

    def depth(row: str) -> int:
        glyph = min(i for i in (row.find("├─"), row.find("└─")) if i >= 0) if ("├─" in row or "└─" in row) else 3
        return (glyph - 3) // 3 + 1 if "─" in row else 0

    component = next(i for i, row in enumerate(rows) if "fraud:network:Network" in row)
    end = next((i for i in range(component + 1, len(rows)) if depth(rows[i]) <= depth(rows[component])), len(rows))
    section = rows[component + 1 : end]
    assert depth(rows[component]) == 1
    assert any("aws:ec2:Vpc" in row for row in section) and all(depth(row) == 2 for row in section)
    network = next(r for r in stack.resources if r.type == "fraud:network:Network")
    assert len(section) == sum(1 for r in stack.resources if r.parent == network.urn)


def write_program(directory: Path, body: str) -> Path:
    # The program runs in the interpreter its Pulumi.yaml selects: this test's own virtualenv.
    (directory / "Pulumi.yaml").write_text(
        f"name: broken\nruntime:\n  name: python\n  options:\n    virtualenv: {sys.prefix}\nmain: app/\n"
    )
    (directory / "app").mkdir()
    (directory / "app" / "__main__.py").write_text(body)
    return directory


def test_a_program_that_raises_exits_non_zero_with_its_error(tmp_path):
    write_program(tmp_path, "import pulumi\nraise ValueError('bucket name fraud_reports is invalid')\n")
    result = fraudctl("preview", "--cwd", str(tmp_path))
    assert result.returncode == 2
    assert "ValueError: bucket name fraud_reports is invalid" in result.stderr
    assert "to create" not in result.stdout


def test_any_pulumi_python_program_previews_with_its_stack_config(tmp_path):
    write_program(
        tmp_path,
        "import pulumi, pulumi_aws as aws\n"
        "cfg = pulumi.Config()\n"
        "q = aws.sqs.Queue('jobs', name=f\"jobs-{cfg.require('team')}\")\n"
        "pulumi.export('queue_url', q.url)\n",
    )
    (tmp_path / "Pulumi.ci.yaml").write_text("config:\n  aws:region: us-east-2\n  broken:team: payments\n")
    result = fraudctl("preview", "--cwd", str(tmp_path), "--stack", "ci")
    assert result.returncode == 0, result.stderr
    assert "pulumi:providers:aws" in result.stdout and "default_7_51_1" in result.stdout
    assert '"https://sqs.us-east-2.amazonaws.com/123456789012/jobs-payments"' in result.stdout


def test_an_unknown_invoke_fails_loudly_naming_its_token(tmp_path):
    write_program(tmp_path, "import pulumi_aws as aws\naws.rds.get_engine_version(engine='postgres')\n")
    result = fraudctl("preview", "--cwd", str(tmp_path))
    assert result.returncode == 2
    assert "invoke 'aws:rds/getEngineVersion:getEngineVersion' is not supported offline" in result.stderr


def test_a_directory_without_a_project_is_a_clear_error(tmp_path):
    result = fraudctl("preview", "--cwd", str(tmp_path))
    assert result.returncode == 2
    assert "Pulumi.yaml: not found" in result.stderr
