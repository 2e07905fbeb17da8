"""Every control the catalogue says the pack checks: its own failing cases fire, its passing cases stay silent.

Only the policies that name the control run, so each case proves what those policies check, not what another
policy happens to catch. The catalogue and the case table must list the same controls.
"""

from __future__ import annotations

import pytest
from control_cases import CASES, Case
from fraud_guardrails import controls
from fraud_guardrails.catalog import policies_of
from fraud_guardrails.pack import rules
from pack_harness import Stack, analyze, violations

CATALOGUE = controls.load()
NAMED = policies_of(rules())


def test_every_checked_control_has_its_own_failing_and_passing_cases() -> None:
    checked = {control.id for control in CATALOGUE.controls if control.status in controls.CHECKED}
    assert checked == CASES.keys(), "catalogue.yaml and control_cases.py list different checked controls"
    for control, cases in CASES.items():
        assert any(case.fails for case in cases) and any(not case.fails for case in cases), control


def _params() -> list[object]:
    return [
        pytest.param(control, case, id=f"{control}[{'fails' if case.fails else 'passes'}: {case.what}]")
        for control, cases in CASES.items()
        for case in cases
    ]


@pytest.mark.parametrize(("control", "case"), _params())
def test_control_case(control: str, case: Case, baseline_stack: Stack, pack_policies: list) -> None:
    names = set(NAMED[control])
    policies = [policy for policy in pack_policies if policy.name in names]
    assert {policy.name for policy in policies} == names
    case.change(baseline_stack)
    found = violations(analyze(baseline_stack, policies, case.config))
    shown = [(d.policy, d.resource_name, d.message) for d in found]
    if case.fails:
        assert case.where in {d.resource_name for d in found}, shown
        assert not any("could not evaluate" in d.message for d in found), shown
    else:
        assert found == [], shown


def test_python311_is_past_its_deprecation_today(baseline_stack: Stack, pack_policies: list) -> None:
    # Judged today, without asOf: AWS deprecated python3.11 on 2026-06-30, so a function on it fails Lambda.2.
    policy = next(p for p in pack_policies if p.name == "aws-lambda-function-supported-runtime")
    baseline_stack.set("fraud-analyzer", "runtime", "python3.11")
    found = violations(analyze(baseline_stack, [policy]))
    assert [(d.resource_name, "2026-06-30" in d.message) for d in found] == [("fraud-analyzer", True)]
