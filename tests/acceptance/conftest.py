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
from tests.acceptance.steps.fraud_screening import *  # noqa: F403
from tests.acceptance.steps.labels import *  # noqa: F403
from tests.acceptance.steps.reporting import *  # noqa: F403
from tests.acceptance.steps.transactions_api import *  # noqa: F403
from tests.acceptance.target import Target
from tests.project_copy import PROJECT_ROOT


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("fraud acceptance")
    group.addoption("--api-url", default=os.environ.get("FRAUD_API_URL"), help="a deployed stack's api_url")
    group.addoption("--api-key", default=os.environ.get("FRAUD_API_KEY"), help="the deployed stack's API key")


@pytest.fixture(scope="package")  # moto's state is per process: the local system must be gone before tests/local
def target(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """The system under test: a deployed stack when --api-url is given, else the local system, started once."""
    api_url = request.config.getoption("--api-url")
    if api_url:
        api_key = request.config.getoption("--api-key")
        if not api_key:
            pytest.exit("--api-url needs --api-key (or FRAUD_API_KEY): every route requires the API key", returncode=4)
        yield Target(api_url, api_key)
        return
    from fraudctl.local.system import LocalSystem

    state_dir = tmp_path_factory.mktemp("local-system")
    with LocalSystem.start(
        PROJECT_ROOT, "dev", port=0, state_dir=state_dir, echo_logs=False, schedules=False
    ) as system:
        yield Target(system.api_url, system.api_key, system)


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
