"""Local systems for the tests: with the real functions, and with stand-ins that fail on request.

moto keeps its state per process, so one local system runs at a time: the fixtures are module-scoped, and a module
uses one of them. Starting one runs the Pulumi program under mocks, moto and a worker per function (about 2 s once
the program's modules are imported).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from fraudctl.local import LocalSystem
from tests.local.helpers import start_fake_system

LEAKED_VARIABLE = "FRAUDCTL_LOCAL_TEST_SHELL_ONLY"  # set in this process: must never reach a function


@pytest.fixture(scope="module")
def real_system(project_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalSystem]:
    state_dir = tmp_path_factory.mktemp("real-system")
    with LocalSystem.start(project_root, "dev", port=0, echo_logs=False, state_dir=state_dir) as system:
        yield system


@pytest.fixture(scope="module")
def delivery_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("deliveries") / "deliveries.jsonl"


@pytest.fixture(scope="module")
def fake_system(
    project_root: Path, tmp_path_factory: pytest.TempPathFactory, delivery_log: Path
) -> Iterator[LocalSystem]:
    """The program's system with the stand-in functions of fixtures/functions."""
    os.environ[LEAKED_VARIABLE] = "leaked"
    try:
        system = start_fake_system(project_root, tmp_path_factory.mktemp("fake-system"), delivery_log)
    finally:
        del os.environ[LEAKED_VARIABLE]
    with system:
        yield system
