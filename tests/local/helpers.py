"""What local-mode tests share: starting a system with stand-in functions, waiting, reading the deliveries."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fraudctl.local import LocalSystem
from fraudctl.local.streams.poller import PollSettings

FAKE_FUNCTIONS = Path(__file__).parent / "fixtures" / "functions"


def start_fake_system(
    project_root: Path, state_dir: Path, delivery_log: Path, config: dict[str, str] | None = None, **options: Any
) -> LocalSystem:
    """Stand-in functions, a 500 ms integration timeout (through the program's config), fast stream retries."""
    settings: dict[str, Any] = {
        "port": 0,
        "echo_logs": False,
        "state_dir": state_dir,
        "functions_dir": FAKE_FUNCTIONS,
        "config": {"apiIntegrationTimeoutMs": "500", **(config or {})},
        "extra_environment": {"DELIVERY_LOG": str(delivery_log)},
        "poll": PollSettings(retry_delay_s=0.02),
    }
    return LocalSystem.start(project_root, "dev", **(settings | options))


def eventually(check: Callable[[], Any], timeout_s: float = 10.0, interval_s: float = 0.02) -> Any:
    """The first truthy result of `check`, or AssertionError with the last one after `timeout_s`."""
    deadline, result = time.monotonic() + timeout_s, None
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(interval_s)
    raise AssertionError(f"not true within {timeout_s} s; last result: {result!r}")


def deliveries(log: Path) -> list[dict[str, Any]]:
    """Every invocation of the stand-in analyzer so far: its records (Lambda's shape) and request id."""
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line]


def delivered_ids(log: Path, prefix: str) -> list[tuple[str, str]]:
    """(eventName, transactionId) of each delivered record whose id starts with `prefix`, in delivery order."""
    found = []
    for delivery in deliveries(log):
        for record in delivery["records"]:
            transaction_id = record["dynamodb"]["Keys"]["transactionId"]["S"]
            if transaction_id.startswith(prefix):
                found.append((record["eventName"], transaction_id))
    return found
