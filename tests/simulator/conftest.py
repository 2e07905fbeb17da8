"""The published data set, simulated once per test session (a few seconds) for every test that needs it."""

from __future__ import annotations

import pytest

from fraudctl.simulator.dataset import SimulatedDataset, simulate


@pytest.fixture(scope="session")
def published() -> SimulatedDataset:
    return simulate()
