"""The README tables and controls.json are generated from the policies, and the FSBP target is met."""

from __future__ import annotations

import json
import re

from fraud_guardrails import catalog, pack
from pack_harness import PACK_DIR


def test_generated_files_are_up_to_date() -> None:
    controls, readme = catalog.rendered()
    assert (PACK_DIR / "controls.json").read_text() == controls, "run python -m fraud_guardrails.catalog --write"
    assert (PACK_DIR / "README.md").read_text() == readme, "run python -m fraud_guardrails.catalog --write"


def test_fsbp_coverage_is_at_least_90_percent() -> None:
    document = json.loads((PACK_DIR / "controls.json").read_text())
    coverage = document["fsbpCoverage"]
    assert coverage["percent"] >= 90
    assert coverage["notCovered"] == []
    statuses = {entry["status"] for entry in document["fsbp"].values()}
    assert statuses <= {"covered", "accepted exception", "not applicable"}


def test_every_control_a_policy_names_is_in_the_catalogue() -> None:
    named = {control for rule in pack.rules() for control in rule.fsbp}
    assert named <= catalog.FSBP_CONTROLS.keys()
    assert not named & (catalog.NOT_APPLICABLE.keys() | catalog.ACCEPTED_EXCEPTIONS.keys())


def test_exceptions_have_reasons_and_name_the_accepted_deviations() -> None:
    document = json.loads((PACK_DIR / "controls.json").read_text())
    text = json.dumps(document["acceptedExceptions"])
    for expected in ("S3.17", "APIGateway.2", "CKV_AWS_338", "CKV_AWS_145", "CKV_AWS_120", "29 s"):
        assert expected in text
    assert all(entry["reason"] for entry in document["acceptedExceptions"])
    assert all(re.fullmatch(r"CKV2?_AWS_\d+", check) for check in document["checkovNotCovered"])
