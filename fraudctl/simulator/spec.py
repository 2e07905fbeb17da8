"""The simulator's sizes and seeds: the published data set by default, another one for every `seed_offset`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

PUBLISHED_START = datetime(2018, 4, 1, tzinfo=UTC)
SECONDS_PER_DAY = 86_400


@dataclass(frozen=True)
class SimulationSpec:
    n_customers: int = 5_000
    n_terminals: int = 10_000
    n_days: int = 183
    radius: float = 5.0  # a customer uses every terminal closer than this (the map is 100 x 100)
    start: datetime = PUBLISHED_START
    # Shifts every seed the simulator uses by the same amount: customers (0), terminals (1), customer c's
    # transactions (c), day d's scenario draws (d). 0 is the published data set.
    seed_offset: int = 0

    def __post_init__(self) -> None:
        if self.n_customers < 1 or self.n_terminals < 1 or self.n_days < 1:
            raise ValueError("n_customers, n_terminals and n_days must be at least 1")
        if self.radius <= 0:
            raise ValueError("radius must be positive")
        if self.seed_offset < 0:
            # NumPy's legacy seeding takes 0 .. 2**32 - 1; a negative offset would fail for the first customers.
            raise ValueError("seed_offset must be 0 or more")
        if self.start.tzinfo is None:
            raise ValueError("start must be timezone-aware (UTC)")

    @property
    def customer_seed(self) -> int:
        return 0 + self.seed_offset

    @property
    def terminal_seed(self) -> int:
        return 1 + self.seed_offset

    def transaction_seed(self, customer_id: int) -> int:
        return customer_id + self.seed_offset

    def scenario_seed(self, day: int) -> int:
        return day + self.seed_offset
