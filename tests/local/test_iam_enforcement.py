"""Least privilege proved at run time: each function runs as its own role, moto enforces IAM, the use is recorded.

One local system at a time per process: each test starts and stops its own.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from botocore.exceptions import ClientError

from fraudctl.local import LocalSystem
from tests.local.helpers import eventually
from tests.review.conftest import copy_project, fresh_program_modules, mutate

pytestmark = pytest.mark.slow
ANALYZER = "fraud-analyzer-dev"
RECORD_ANALYSIS = 'Statement("RecordAnalysis", ["dynamodb:UpdateItem"], [table_arn]),'


def _table(arn: str) -> str:
    """`arn:aws:dynamodb:...:table/transactions-dev/stream/2026-...` -> `transactions-dev/stream`."""
    name = arn.split(":table/", 1)[-1]
    return name.split("/stream/")[0] + "/stream" if "/stream/" in name else name


def _transaction(transaction_id: str) -> dict:
    return {
        "transactionId": transaction_id,
        "customerId": "c-iam",
        "terminalId": "T-iam",
        "amount": 42.5,
        "currency": "EUR",
    }


@contextmanager
def _system(project: Path, state_dir: Path, **options) -> Iterator[LocalSystem]:
    with (
        fresh_program_modules(),
        LocalSystem.start(project, "dev", port=0, echo_logs=False, state_dir=state_dir, **options) as system,
    ):
        yield system


@pytest.fixture
def without_update_item(tmp_path: Path) -> Path:
    """The project with one action removed from one role: the analyzer may no longer UpdateItem."""
    project = copy_project(tmp_path / "project")
    mutate(project / "infra" / "fraud_stack" / "functions.py", RECORD_ANALYSIS, "")
    return project


def test_the_functions_work_as_their_roles_and_the_run_records_what_each_used(project_root: Path, tmp_path: Path):
    with _system(project_root, tmp_path) as system:
        assert system.api_client().post_transaction(_transaction("t-iam-1")).status == 201
        assert system.wait_for_analysis("t-iam-1")["status"] == "ANALYZED"
        # moto enforces now: local mode's own harness may look, a key moto never issued may not.
        assert system.dynamodb.describe_table(TableName="transactions-dev")["Table"]["TableName"] == "transactions-dev"
        stranger = {"AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY": "wrong"}
        with pytest.raises(ClientError, match=r"InvalidClientTokenId|UnrecognizedClientException|403"):
            system.parts.moto.client_as("dynamodb", stranger).describe_table(TableName="transactions-dev")
    usage = json.loads((tmp_path / "iam-usage.json").read_text())
    roles = usage["roles"]
    processor = {(e["action"], _table(e["resource"])) for e in roles["transaction-processor-dev-role"]}
    assert ("dynamodb:PutItem", "transactions-dev") in processor
    analyzer = {(e["action"], _table(e["resource"])) for e in roles[f"{ANALYZER}-role"]}
    assert ("dynamodb:UpdateItem", "transactions-dev") in analyzer
    # Its TransactWriteItems was authorized item by item, as AWS does (each table's own UpdateItem grant), and the
    # terminal's counters were read with BatchGetItem.
    assert ("dynamodb:UpdateItem", "transactions-aggregates-dev") in analyzer
    assert ("dynamodb:BatchGetItem", "transactions-aggregates-dev") in analyzer
    assert not {action for action, _ in analyzer} & {"dynamodb:TransactWriteItems", "dynamodb:TransactGetItems"}
    assert ("dynamodb:GetRecords", "transactions-dev/stream") in analyzer  # the mapping polls as the function's role
    assert all(e["denied"] == 0 for entries in roles.values() for e in entries)
    assert "fraudctl-local-harness" not in json.dumps(usage)  # local mode's own calls are no function's use


def test_a_role_without_one_action_makes_its_function_fail_with_access_denied(
    without_update_item: Path, tmp_path: Path
):
    with _system(without_update_item, tmp_path / "state") as system:
        assert system.api_client().post_transaction(_transaction("t-iam-2")).status == 201
        log = system.log_dir / f"{ANALYZER}.log"
        eventually(lambda: "AccessDenied" in log.read_text(), timeout_s=20)
        assert "dynamodb:UpdateItem" in log.read_text()
        assert system.api_client().get_transaction("t-iam-2").json["status"] != "ANALYZED"
    usage = json.loads((tmp_path / "state" / "iam-usage.json").read_text())
    denied = [e for e in usage["roles"][f"{ANALYZER}-role"] if e["denied"]]
    assert {e["action"] for e in denied} == {"dynamodb:UpdateItem"}


def test_with_enforcement_off_the_same_role_goes_unnoticed(without_update_item: Path, tmp_path: Path):
    with _system(without_update_item, tmp_path / "state", enforce_iam=False) as system:
        assert system.api_client().post_transaction(_transaction("t-iam-3")).status == 201
        assert system.wait_for_analysis("t-iam-3", timeout_s=20)["status"] == "ANALYZED"
    assert not (tmp_path / "state" / "iam-usage.json").exists()
