"""API Gateway's throttling: a token bucket that refills at the stage's rate and holds at most its burst."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class TokenBucket:
    def __init__(self, rate_per_s: float, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        if rate_per_s <= 0 or burst < 1:
            raise ValueError(
                f"a token bucket needs a positive rate and a burst of at least 1, got {rate_per_s}/{burst}"
            )
        self.rate_per_s = rate_per_s
        self.burst = burst
        self._clock = clock
        self._tokens = float(burst)  # a stage starts with a full bucket
        self._updated = clock()
        self._lock = threading.Lock()

    def try_acquire(self) -> bool:
        """Take one token if there is one; False means the request is throttled (429)."""
        with self._lock:
            now = self._clock()
            self._tokens = min(self.burst, self._tokens + (now - self._updated) * self.rate_per_s)
            self._updated = now
            if self._tokens >= 1 - 1e-9:  # a whole token, give or take float rounding of the elapsed time
                self._tokens -= 1
                return True
            return False
