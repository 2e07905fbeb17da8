"""Which packs the engine's Remediate pass calls, and at which level each policy runs (as the Python SDK decides)."""

from __future__ import annotations

from pathlib import Path

from fraudctl.policy_engine.levels import EnforcementLevel
from fraudctl.policy_engine.model import PackInfo, PolicyConfig, PolicyInfo
from fraudctl.policy_engine.remediation import effective_level, remediates


def pack(*policies: PolicyInfo) -> PackInfo:
    return PackInfo("p", "1.0.0", Path("/p"), "p", policies)


FIX = PolicyInfo("fix", "Fixes.", EnforcementLevel.REMEDIATE, policy_type="resource")
CHECK = PolicyInfo("check", "Checks.", EnforcementLevel.MANDATORY, policy_type="resource")
STACK = PolicyInfo("stack", "Stack.", EnforcementLevel.REMEDIATE, policy_type="stack")


def test_the_configured_level_wins_and_an_entry_without_one_means_advisory():
    info = pack(FIX, CHECK)
    assert effective_level(info, {}, "fix") == EnforcementLevel.REMEDIATE
    assert effective_level(info, {"check": PolicyConfig("remediate")}, "check") == EnforcementLevel.REMEDIATE
    assert effective_level(info, {"fix": PolicyConfig("", {"x": 1})}, "fix") == EnforcementLevel.ADVISORY


def test_only_packs_with_a_resource_policy_at_remediate_are_called():
    assert remediates(pack(FIX, CHECK), {})
    assert not remediates(pack(FIX, CHECK), {"fix": PolicyConfig("disabled")})
    assert not remediates(pack(CHECK), {})
    assert not remediates(pack(STACK), {})  # stack policies cannot remediate
