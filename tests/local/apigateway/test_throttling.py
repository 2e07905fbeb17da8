"""Stage throttling as the program sets it (MethodSettings */*): a token bucket at its rate and burst."""

from __future__ import annotations

import time

import pytest

from tests.local.helpers import start_fake_system

pytestmark = pytest.mark.slow


def test_the_stage_throttles_at_its_rate_and_burst(project_root, tmp_path):
    config = {"apiThrottleRateLimit": "2", "apiThrottleBurstLimit": "2"}  # the program's config keys
    with start_fake_system(project_root, tmp_path, tmp_path / "deliveries.jsonl", config) as system:
        assert system.topology.api.throttle.rate_per_s == 2 and system.topology.api.throttle.burst == 2
        client = system.api_client()
        burst = [client.get_transaction(f"t-{n}") for n in range(4)]
        time.sleep(0.6)  # one token comes back at 2 per second
        after_refill = client.get_transaction("t-5").status
        client.close()

    assert [r.status for r in burst] == [200, 200, 429, 429]
    assert burst[2].json == {"message": "Too Many Requests"}
    assert burst[2].headers["x-amzn-errortype"] == "TooManyRequestsException"
    assert after_refill == 200
