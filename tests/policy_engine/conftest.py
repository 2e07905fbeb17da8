"""Fixtures of the policy engine tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import PACKS


@pytest.fixture
def packs() -> Path:
    return PACKS
