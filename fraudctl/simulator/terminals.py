"""Terminal locations, and which terminals each customer can reach."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fraudctl.simulator.customers import CustomerProfiles


@dataclass(frozen=True)
class TerminalLocations:
    x: np.ndarray
    y: np.ndarray

    def __len__(self) -> int:
        return len(self.x)


def generate_terminals(n_terminals: int, seed: int) -> TerminalLocations:
    """Per terminal, in this order: x, y ~ U(0, 100) (the same raw-double argument as for customers)."""
    raw = np.random.RandomState(seed).random_sample((n_terminals, 2))
    return TerminalLocations(x=100.0 * raw[:, 0], y=100.0 * raw[:, 1])


def reachable_terminals(customers: CustomerProfiles, terminals: TerminalLocations, radius: float) -> list[np.ndarray]:
    """For each customer, the ids (ascending) of the terminals strictly closer than `radius`.

    The order matters: a terminal is later drawn by its position in this list. Only terminals within `radius` on
    the x axis are measured (a tenth of them). The distance is sqrt(dx^2 + dy^2), not compared squared, so a
    terminal at the rounding edge of the radius falls on the same side as in the published code.
    """
    by_x = np.argsort(terminals.x, kind="stable")
    sorted_x = terminals.x[by_x]
    lows = np.searchsorted(sorted_x, customers.x - radius, side="left")
    highs = np.searchsorted(sorted_x, customers.x + radius, side="right")
    found = []
    for customer, (low, high) in enumerate(zip(lows.tolist(), highs.tolist(), strict=True)):
        candidates = by_x[low:high]
        dx = customers.x[customer] - terminals.x[candidates]
        dy = customers.y[customer] - terminals.y[candidates]
        found.append(np.sort(candidates[np.sqrt(dx * dx + dy * dy) < radius]))
    return found
