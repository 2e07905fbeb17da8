"""Checkov on the stack's Terraform plan export: found in its own environment, run offline, its JSON report read.

Checkov pins boto3 1.35, networkx 2.6 and packaging 23, which clash with this project's pins, so it lives in its own
virtualenv (`make .venv-checkov/.installed`, pinned by `constraints-checkov.txt`) and runs as a subprocess. Offline
means: `--skip-download` and `BC_SKIP_MAPPING` (no guideline or policy download from the Prisma Cloud platform), no
API key passed on, and every HTTP(S) connection it might still try sent to a closed local port.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from fraudctl.review.errors import ReviewInputError

ENVIRONMENT_DIR = ".venv-checkov"
CLOSED_PORT = "http://127.0.0.1:9"  # discard port: nothing listens, a connection fails at once
INFORMATION_URI = "https://www.checkov.io"


@dataclass(frozen=True)
class CheckovCheck:
    check_id: str
    name: str
    address: str


@dataclass(frozen=True)
class CheckovReport:
    version: str
    passed: tuple[CheckovCheck, ...]
    failed: tuple[CheckovCheck, ...]
    resources: int
    command: str


def find_checkov(project_dir: Path, explicit: Path | None = None) -> Path | None:
    """--checkov, else $FRAUDCTL_CHECKOV, else the project's own environment, else `checkov` on PATH."""
    for candidate in (explicit, os.environ.get("FRAUDCTL_CHECKOV"), project_dir / ENVIRONMENT_DIR / "bin" / "checkov"):
        if candidate and Path(candidate).is_file():
            return Path(candidate).absolute()  # it runs from a scratch directory
    found = shutil.which("checkov")
    return Path(found).absolute() if found else None


def offline_environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith(("BC_", "PRISMA_", "CKV_"))}
    env.update(
        BC_SKIP_MAPPING="TRUE",
        HTTPS_PROXY=CLOSED_PORT,
        HTTP_PROXY=CLOSED_PORT,
        https_proxy=CLOSED_PORT,
        http_proxy=CLOSED_PORT,
        NO_PROXY="",
        no_proxy="",
        LOG_LEVEL="ERROR",
    )
    return env


def run_checkov(executable: Path, plan_file: Path, timeout_s: float = 600) -> CheckovReport:
    plan = str(plan_file.absolute())  # Checkov runs from a scratch directory
    args = [str(executable), "-f", plan, "--framework", "terraform_plan", "-o", "json", "--skip-download"]
    with tempfile.TemporaryDirectory(prefix="fraudctl-checkov-") as workdir:  # Checkov may leave caches behind
        try:
            done = subprocess.run(
                args, cwd=workdir, env=offline_environment(), capture_output=True, text=True, timeout=timeout_s
            )
        except (OSError, subprocess.TimeoutExpired) as err:
            raise ReviewInputError(f"{executable}: Checkov could not run: {err}") from None
    if done.returncode not in (0, 1):  # 1: some checks failed
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise ReviewInputError(f"{executable}: Checkov exited {done.returncode}: {last}")
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        raise ReviewInputError(f"{executable}: Checkov's output is not JSON: {done.stdout[:200]!r}") from None
    report = (
        next((r for r in report if r.get("check_type") == "terraform_plan"), {}) if isinstance(report, list) else report
    )
    summary = report.get("summary", {})
    if summary.get("parsing_errors"):
        raise ReviewInputError(f"{plan_file}: Checkov could not parse the plan ({summary['parsing_errors']} errors)")
    results = report.get("results", {})
    command = " ".join(["checkov", *args[1:]])
    return CheckovReport(
        version=str(summary.get("checkov_version", "")),
        passed=_checks(results.get("passed_checks", [])),
        failed=_checks(results.get("failed_checks", [])),
        resources=int(summary.get("resource_count", 0)),
        command=command,
    )


def _checks(items: list[dict]) -> tuple[CheckovCheck, ...]:
    found = {CheckovCheck(str(i["check_id"]), str(i.get("check_name", "")), str(i.get("resource", ""))) for i in items}
    return tuple(sorted(found, key=lambda c: (c.check_id, c.address)))
