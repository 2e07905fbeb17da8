"""Customer profiles: where each one lives and how much and how often they spend."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class CustomerProfiles:
    x: np.ndarray
    y: np.ndarray
    mean_amount: np.ndarray
    std_amount: np.ndarray
    mean_per_day: np.ndarray  # mean number of transactions per day

    def __len__(self) -> int:
        return len(self.x)

    def profile(self, customer_id: int) -> tuple[float, float, float, float, float]:
        return (
            float(self.x[customer_id]),
            float(self.y[customer_id]),
            float(self.mean_amount[customer_id]),
            float(self.std_amount[customer_id]),
            float(self.mean_per_day[customer_id]),
        )


def generate_customers(n_customers: int, seed: int) -> CustomerProfiles:
    """Per customer, in this order: x, y ~ U(0, 100), mean amount ~ U(5, 100), mean per day ~ U(0, 4).

    The published code draws one scalar at a time from the legacy global RNG; `uniform(low, high)` is
    `low + (high - low) * random_sample()`, so one block of raw doubles in the same order gives the same values.
    """
    raw = np.random.RandomState(seed).random_sample((n_customers, 4))
    mean_amount = 5.0 + 95.0 * raw[:, 2]
    return CustomerProfiles(
        x=100.0 * raw[:, 0],
        y=100.0 * raw[:, 1],
        mean_amount=mean_amount,
        std_amount=mean_amount / 2,
        mean_per_day=4.0 * raw[:, 3],
    )
