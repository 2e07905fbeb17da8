"""Checkov run once per distinct plan in a test session, its verdict shared by every test that checks that plan.

Checkov takes 5-12 s a run (it imports ~1,000 checks), and the review and export tests check the same few plans many
times: the dev stack as an offline preview, the same stack from its stack export, and one plan per mutation. A plan
gives the same verdict every time, so the first test to check a plan runs the real Checkov through the product's own
`checkov_run.run_checkov`, and later tests with the same plan (compared as parsed JSON, so formatting and file names
do not matter) get that report, its command naming their own plan file. Nothing else changes: the review still
exports the plan, maps every failure back and classifies it. `RUNS` lists the plans really checked, so a test can
tell the sharing from a skipped run.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest

from fraudctl.review.independent import checkov_run
from fraudctl.review.independent.checkov_run import CheckovReport

_PLAN = "<plan>"
_REPORTS: dict[tuple[str, str], CheckovReport] = {}
_REAL = checkov_run.run_checkov
RUNS: list[str] = []  # sha256 of each plan Checkov really ran on, in order


def plan_digest(plan_file: Path) -> str:
    document = json.loads(plan_file.read_text(encoding="utf-8"))
    return hashlib.sha256(json.dumps(document, sort_keys=True).encode()).hexdigest()


def run_checkov_once(executable: Path, plan_file: Path, timeout_s: float = 600) -> CheckovReport:
    key = (str(executable), plan_digest(plan_file))
    path = str(plan_file.absolute())
    if key not in _REPORTS:
        report = _REAL(executable, plan_file, timeout_s)
        RUNS.append(key[1])
        _REPORTS[key] = replace(report, command=report.command.replace(path, _PLAN))
    cached = _REPORTS[key]
    return replace(cached, command=cached.command.replace(_PLAN, path))


@contextmanager
def checkov_once_per_plan() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(checkov_run, "run_checkov", run_checkov_once)
        yield
