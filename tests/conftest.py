"""Shared fixtures: the project root and the stack recorded once under Pulumi's mocks."""

from __future__ import annotations

from pathlib import Path

import pytest

from fraudctl.program.model import ProgramRun
from fraudctl.program.runner import run_program

PROJECT_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def project_root() -> Path:
    return PROJECT_ROOT


@pytest.fixture(scope="session")
def stack(project_root: Path) -> ProgramRun:
    """The dev stack, run once per test session: every registered resource with its inputs and graph."""
    return run_program(project_root, "dev")
