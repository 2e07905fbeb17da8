"""The pack directory goes first on sys.path, as when the engine runs `python -m pulumi.policy <engine> policies`."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path
from typing import Any

import pulumi_policy
import pytest

PACK_DIR = Path(__file__).resolve().parents[2] / "policies"  # also pack_harness.PACK_DIR; tests import that one
if str(PACK_DIR) not in sys.path:
    sys.path.insert(0, str(PACK_DIR))

from pack_baseline import baseline  # noqa: E402
from pack_harness import Stack  # noqa: E402


class CapturedPack:
    """Stands in for PolicyPack, which would start a gRPC server and block: it keeps what __main__ passed."""

    captured: dict[str, Any] = {}

    def __init__(self, **kwargs: Any) -> None:
        CapturedPack.captured = kwargs


@pytest.fixture(scope="session")
def assembled_pack() -> dict[str, Any]:
    """The keyword arguments policies/__main__.py gives PolicyPack (name, policies, levels...)."""
    original = pulumi_policy.PolicyPack
    pulumi_policy.PolicyPack = CapturedPack  # type: ignore[misc]
    try:
        runpy.run_path(str(PACK_DIR / "__main__.py"), run_name="__main__")
    finally:
        pulumi_policy.PolicyPack = original  # type: ignore[misc]
    return dict(CapturedPack.captured)


@pytest.fixture(scope="session")
def pack_policies(assembled_pack: dict[str, Any]) -> list[pulumi_policy.Policy]:
    return list(assembled_pack["policies"])


@pytest.fixture
def baseline_stack() -> Stack:
    """A fresh copy of the compliant baseline (the repo-wide `stack` fixture is the real program's run)."""
    return baseline()
