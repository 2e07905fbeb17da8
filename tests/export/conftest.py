"""The dev stack recorded once per session, Checkov's environment, and Checkov's verdict on the stack's export.

Checkov is slow to import (5-12 s a run): each distinct plan is checked once per session and shared with the review
tests (tests/checkov_once.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fraudctl.export import PlanExport, TerraformTypes, terraform_plan
from fraudctl.program.runner import run_program
from fraudctl.review.independent import checkov_resource_types
from fraudctl.review.independent.checkov_run import CheckovReport, find_checkov
from fraudctl.review.state import StackState, from_program_run
from tests.checkov_once import run_checkov_once

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def checkov() -> Path:
    executable = find_checkov(REPO)
    assert executable is not None, "Checkov's environment is missing: run `make .venv-checkov/.installed`"
    return executable


@pytest.fixture(scope="session")
def checkov_types(checkov: Path) -> frozenset[str]:
    types = checkov_resource_types(checkov)
    assert "aws_s3_bucket" in types
    return types


@pytest.fixture(scope="session")
def dev_state() -> StackState:
    return from_program_run(run_program(REPO, "dev"))


@pytest.fixture(scope="session")
def dev_export(dev_state: StackState, checkov_types: frozenset[str]) -> PlanExport:
    return terraform_plan(dev_state, TerraformTypes.installed(checkov_types))


def check_plan(checkov: Path, export: PlanExport, directory: Path) -> CheckovReport:
    plan = directory / "plan.json"
    plan.write_text(json.dumps(export.document), encoding="utf-8")
    return run_checkov_once(checkov, plan)  # the review tests' check of the same plan is shared


@pytest.fixture(scope="session")
def dev_checkov(checkov: Path, dev_export: PlanExport, tmp_path_factory: pytest.TempPathFactory) -> CheckovReport:
    return check_plan(checkov, dev_export, tmp_path_factory.mktemp("checkov"))
