"""A local run's IAM usage file in the review: each grant says which calls it allowed and which actions went unused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fraudctl.cli import main
from fraudctl.review import ReviewInputError, ReviewModel
from fraudctl.review.iam_usage import load_iam_usage, with_usage
from tests.review.conftest import PACK, REPO

TABLE = "arn:aws:dynamodb:us-east-2:123456789012:table/transactions-dev"


def usage_file(tmp_path: Path, stack: str = "dev") -> Path:
    entries = [
        {"action": "dynamodb:PutItem", "resource": TABLE, "allowed": 3, "denied": 0},
        {"action": "dynamodb:Query", "resource": f"{TABLE}/index/customer-index", "allowed": 2, "denied": 1},
    ]
    document = {"source": "fraudctl local", "project": "fraud-detection", "stack": stack, "roles": {}}
    document["roles"]["transaction-processor-dev-role"] = entries
    path = tmp_path / "iam-usage.json"
    path.write_text(json.dumps(document))
    return path


def test_each_grant_shows_the_calls_it_allowed_and_the_actions_never_called(
    real_model: ReviewModel, tmp_path: Path
) -> None:
    roles = {r.name: r for r in with_usage(real_model.iam, load_iam_usage(usage_file(tmp_path)))}
    grants = roles["transaction-processor-role"].grants
    store = next(g for g in grants if "dynamodb:PutItem" in g.actions)
    assert store.usage_known and f"dynamodb:PutItem on {TABLE}: 3 calls" in store.used
    assert "dynamodb:PutItem" not in store.unused and store.unused  # the other actions of the statement: not called
    other = roles["fraud-analyzer-role"].grants
    assert all(g.usage_known and not g.used and g.unused for g in other if g.effect == "Allow")


def test_the_command_marks_the_matrix_and_names_the_file(tmp_path: Path, capsys) -> None:
    usage = usage_file(tmp_path)
    argv = [
        "review", "--cwd", str(REPO), "--policy-pack", str(PACK), "--out", str(tmp_path / "out"),
        "--event-log", str(REPO / "tests/review/fixtures/dev.events.jsonl"),
        "--stack-export", str(REPO / "tests/review/fixtures/dev.stack-export.json"),
        "--no-independent-checks", "--iam-usage", str(usage),
    ]  # fmt: skip
    assert main(argv) == 0
    markdown = (tmp_path / "out" / "security-review.md").read_text()
    assert "| used in the local run |" in markdown and f"dynamodb:PutItem on {TABLE}: 3 calls" in markdown
    assert "dynamodb:Query on" not in markdown  # the index was granted to no statement of that role: no use shown
    review = json.loads((tmp_path / "out" / "security-review.json").read_text())
    assert str(usage) in review["source"]["files"]  # listed with the input files


def test_a_usage_file_that_is_not_one_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "usage.json"
    bad.write_text('{"roles": {}}')
    with pytest.raises(ReviewInputError, match="not an IAM usage file written by `fraudctl local`"):
        load_iam_usage(bad)
    with pytest.raises(ReviewInputError, match="not found"):
        load_iam_usage(tmp_path / "missing.json")
