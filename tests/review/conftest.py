"""Fixtures of the review tests: the real stack reviewed once per session, and mutated copies of the project."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from fraudctl.review import ReviewFiles, ReviewModel, review_offline, write_review
from fraudctl.review.independent import IndependentOptions
from tests.checkov_once import checkov_once_per_plan

REPO = Path(__file__).resolve().parents[2]
PACK = REPO / "policies"
GENERATED_AT = "2026-01-01T00:00:00Z"
FUNCTIONS = ("transaction-processor", "fraud-analyzer", "report-generator")
# The dev stack's findings: the deviations policies/catalogue.yaml records for dev, each reported by an advisory
# policy.
DEV_ADVISORIES = {
    ("aws-dynamodb-table-deletion-protection", "data-transactions"),  # DynamoDB.6
    ("aws-dynamodb-table-deletion-protection", "data-idempotency"),
    ("aws-dynamodb-table-deletion-protection", "data-aggregates"),
    ("aws-ec2-vpc-interface-endpoints", "network-vpc"),  # EC2.10, EC2.55-58, EC2.60
    ("aws-s3-bucket-event-notifications", "data-reports"),  # S3.11
    ("aws-s3-bucket-event-notifications", "data-access-logs"),
}


@pytest.fixture(scope="session", autouse=True)
def _checkov_once_per_plan() -> Iterator[None]:
    """Each distinct plan is checked by Checkov once per session (tests/checkov_once.py)."""
    with checkov_once_per_plan():
        yield


@pytest.fixture(scope="session")
def real_model() -> ReviewModel:
    # With Checkov and the IAM linter, as `fraudctl review` runs by default: once per session (Checkov takes ~5 s).
    return review_offline(REPO, "dev", PACK, generated_at=GENERATED_AT, independent=IndependentOptions())


@pytest.fixture(scope="session")
def real_files(real_model: ReviewModel, tmp_path_factory: pytest.TempPathFactory) -> ReviewFiles:
    return write_review(real_model, tmp_path_factory.mktemp("real-review"))


def copy_project(target: Path) -> Path:
    """The project's program, stack config and what the program reads (functions/, openapi.yaml, the pins)."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "tests")
    for name in ("infra", "functions"):
        shutil.copytree(REPO / name, target / name, ignore=ignore)
    for name in ("Pulumi.yaml", "Pulumi.dev.yaml", "openapi.yaml", "constraints.txt"):
        shutil.copy2(REPO / name, target / name)
    return target


@contextmanager
def fresh_program_modules() -> Iterator[None]:
    """Import the copy's fraud_stack, not the one a previous run left in sys.modules; restore it afterwards."""

    def ours() -> list[str]:
        return [name for name in sys.modules if name == "fraud_stack" or name.startswith("fraud_stack.")]

    saved = {name: sys.modules.pop(name) for name in ours()}
    try:
        yield
    finally:
        for name in ours():
            del sys.modules[name]
        sys.modules.update(saved)


def mutate(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path} no longer contains {old!r}: update the mutation"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def mutated_review(tmp_path: Path) -> Callable[[str, str, str], ReviewModel]:
    """Copy the project, change one setting in one file of the copy, review the copy."""

    def review(relative: str, old: str, new: str) -> ReviewModel:
        project = copy_project(tmp_path / "project")
        mutate(project / relative, old, new)
        with fresh_program_modules():
            return review_offline(project, "dev", PACK, generated_at=GENERATED_AT)

    return review
