"""The stage's token bucket: a full burst at start, then the rate."""

from __future__ import annotations

import pytest

from fraudctl.local.apigateway.throttle import TokenBucket


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_then_the_rate():
    clock = Clock()
    bucket = TokenBucket(rate_per_s=10, burst=3, clock=clock)

    assert [bucket.try_acquire() for _ in range(4)] == [True, True, True, False]
    clock.now += 0.1  # one token at 10 per second
    assert [bucket.try_acquire() for _ in range(2)] == [True, False]
    clock.now += 60  # refills up to the burst, not beyond
    assert sum(bucket.try_acquire() for _ in range(10)) == 3


def test_a_bucket_that_could_never_pass_a_request_is_refused():
    with pytest.raises(ValueError, match="positive rate"):
        TokenBucket(rate_per_s=0, burst=1)
