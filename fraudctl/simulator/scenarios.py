"""The three fraud scenarios, applied in the published order to transactions already sorted by time.

Each later scenario overwrites the scenario label of the earlier ones (a transaction keeps the last one that hit it).
Days run 0 .. last day - 1, as in the published code (its loop stops before the last day).
"""

from __future__ import annotations

import random

import numpy as np

from fraudctl.simulator.spec import SimulationSpec

AMOUNT_THRESHOLD = 220.0  # S1
TERMINALS_PER_DAY, TERMINAL_DAYS = 2, 28  # S2
CUSTOMERS_PER_DAY, CUSTOMER_DAYS = 3, 14  # S3
CARD_FRAUD_MULTIPLIER = 5


def sample_positions(population: int, n: int, seed: int) -> np.ndarray:
    """Positions that pandas `DataFrame.sample(n=n, random_state=seed)` picks, without pandas.

    pandas (pandas/core/sample.py, unchanged from 1.x to 3.x) makes `np.random.RandomState(seed)` and calls
    `choice(len, size=n, replace=False, p=None)`: that is exactly this call. `tests/simulator/test_scenarios.py`
    holds the first picks pandas 3.1.1 made, checked in a scratch environment.
    """
    return np.random.RandomState(seed).choice(population, size=n, replace=False)


def high_amounts(amounts: np.ndarray) -> np.ndarray:
    """S1: every amount above 220 is fraud."""
    return amounts > AMOUNT_THRESHOLD


def compromised_terminals(
    terminal_ids: np.ndarray, days: np.ndarray, n_terminals: int, spec: SimulationSpec
) -> np.ndarray:
    """S2: each day d, two terminals drawn with seed d; all their transactions in days [d, d + 28) are fraud."""
    n_days = int(days.max()) + 1
    compromised = np.zeros((n_terminals, n_days), dtype=bool)
    for day in range(n_days - 1):
        for terminal in sample_positions(n_terminals, TERMINALS_PER_DAY, spec.scenario_seed(day)):
            compromised[terminal, day : day + TERMINAL_DAYS] = True
    return compromised[terminal_ids, days]


def compromised_cards(
    customer_ids: np.ndarray, days: np.ndarray, n_customers: int, spec: SimulationSpec
) -> list[np.ndarray]:
    """S3: each day d, three customers drawn with seed d; Python's `random`, seeded d, samples a third of their
    transactions in days [d, d + 14) (in time order), which become fraud. Returns the ids (positions) of those
    transactions, one array per day in order: their amounts are multiplied by 5 day after day, so a transaction
    picked on two days is multiplied twice.
    """
    by_customer = np.argsort(customer_ids, kind="stable")  # each customer's transactions, still in time order
    starts = np.searchsorted(customer_ids[by_customer], np.arange(n_customers + 1))
    picked_per_day = []
    for day in range(int(days.max())):
        chosen = sample_positions(n_customers, CUSTOMERS_PER_DAY, spec.scenario_seed(day))
        candidates = np.sort(
            np.concatenate([by_customer[starts[customer] : starts[customer + 1]] for customer in chosen])
        )
        candidates = candidates[(days[candidates] >= day) & (days[candidates] < day + CUSTOMER_DAYS)]
        generator = random.Random(spec.scenario_seed(day))  # noqa: S311 - the published stream, not a secret
        picked = generator.sample(candidates.tolist(), k=len(candidates) // 3)
        picked_per_day.append(np.asarray(picked, dtype=np.int64))
    return picked_per_day
