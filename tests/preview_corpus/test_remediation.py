"""Remediations, run before the resource reaches its provider, shown in the plan and the event log."""

from __future__ import annotations

import pytest

from .helpers import PACKS, preview

pytestmark = pytest.mark.slow


def test_without_the_pack_the_program_keeps_its_own_inputs():
    assert preview("remediation").section("Outputs:") == ["    forceDestroy: true", "    retention   : output<string>"]


def test_remediated_inputs_are_what_gets_created():
    outcome = preview("remediation", pack="remediation")
    assert outcome.code == 0, outcome.err
    # Outputs come from the provider (the mocks), which received the remediated inputs.
    assert outcome.section("Outputs:") == ["    forceDestroy: false", "    retention   : 1209600"]


def test_the_policies_block_counts_remediations_before_the_violations():
    lines = preview("remediation", pack="remediation").section("Policies:")
    assert lines[:3] == [
        f"    ⚠️ remediation-policy@v2.0.0 (local: {PACKS / 'remediation'})",
        "        - [remediate]  s3-no-force-destroy  (1 resource)",
        "        - [remediate]  sqs-retention-14-days  (1 resource)",
    ]
    # A remediated resource passes the check that runs after; an unknown input gets the SDK's advisory.
    assert lines[3:] == [
        "        - [advisory]  sqs-retention-14-days  (aws:sqs/queue:Queue: derived)",
        "          can't run policy 'sqs-retention-14-days' from policy pack 'remediation-policy@v0.0.1' during "
        "preview: string value at .messageRetentionSeconds can't be known during preview",
    ]


def test_the_event_log_has_each_remediation_with_before_and_after():
    outcome = preview("remediation", pack="remediation")
    events = outcome.events_of("policyRemediationEvent")
    assert [(e["policyName"], e["before"], e["after"]) for e in events] == [
        ("s3-no-force-destroy", {"forceDestroy": True}, {"forceDestroy": False}),
        ("sqs-retention-14-days", {}, {"messageRetentionSeconds": 1209600}),
    ]
    assert all(e["policyPackName"] == "remediation-policy" and e["policyPackVersion"] == "2.0.0" for e in events)
    kinds = [next(iter(k for k in e if k not in ("sequence", "timestamp"))) for e in outcome.events]
    bucket = events[0]["resourceUrn"]
    first_for_bucket = next(
        i for i, e in enumerate(outcome.events) if bucket in (e.get(kinds[i], {}) or {}).get("resourceUrn", "")
    )
    assert kinds[first_for_bucket] == "policyRemediationEvent"  # the engine remediates before it analyzes
