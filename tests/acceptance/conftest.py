"""Acceptance scenarios: the same Gherkin runs against the local system (default) or a deployed stack.

`--api-url URL --api-key KEY` (or FRAUD_API_URL / FRAUD_API_KEY) points the API scenarios at a deployed stack; the
scenarios tagged @emulator need direct access to the emulator (its bucket, its report trigger) and are deselected
there, with the reason printed. @compliance scenarios run offline against the program and the policy pack.
"""

from __future__ import annotations

import os

import pytest

# Steps are fixtures: importing them here makes every step available to every feature (grouped by domain concept).
from tests.acceptance.steps.compliance import *  # noqa: F403


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("fraud acceptance")
    group.addoption("--api-url", default=os.environ.get("FRAUD_API_URL"), help="a deployed stack's api_url")
    group.addoption("--api-key", default=os.environ.get("FRAUD_API_KEY"), help="the deployed stack's API key")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.getoption("--api-url"):
        return
    deselected = [item for item in items if item.get_closest_marker("emulator")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if item not in deselected]
        reporter = config.pluginmanager.get_plugin("terminalreporter")
        message = (
            f"deselected {len(deselected)} @emulator scenario(s): they read the emulator's bucket or trigger its "
            "schedule directly, which a deployed stack does not expose"
        )
        if reporter:
            reporter.write_line(message, yellow=True)
