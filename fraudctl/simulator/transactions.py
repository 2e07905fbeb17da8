"""Each customer's transactions, day by day, from the customer's own seeds."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from fraudctl.simulator.customers import CustomerProfiles
from fraudctl.simulator.legacy_random import LegacyDraws
from fraudctl.simulator.python_random import choice_positions
from fraudctl.simulator.spec import SECONDS_PER_DAY, SimulationSpec

_MIDDAY = SECONDS_PER_DAY / 2
_TIME_OF_DAY_STD = 20_000.0


@dataclass(frozen=True)
class CustomerTransactions:
    seconds: list[int]  # since the start of the simulation, in draw order (chronological)
    amounts: list[float]  # not rounded yet: NumPy's rounding is applied to the whole set at once
    terminals: np.ndarray  # terminal ids


def customer_transactions(
    seed: int,
    mean_amount: float,
    std_amount: float,
    mean_per_day: float,
    terminals: np.ndarray,
    n_days: int,
) -> CustomerTransactions:
    """Per day: count ~ Poisson(mean per day); per transaction: second of day = int(Normal(43200, 20000)), kept
    only inside the day; then amount ~ Normal(mean, std), redrawn from U(0, 2 x mean) if negative; then a terminal
    by Python's `random.choice` among the reachable ones. NumPy and Python's `random` are both seeded with `seed`.
    """
    if len(terminals) == 0:  # no terminal in reach: the customer never pays
        return CustomerTransactions([], [], np.empty(0, dtype=np.int32))
    draws = LegacyDraws(seed)
    poisson, gauss, next_double = draws.poisson_small, draws.gauss, draws.next_double
    exp_minus_lam = math.exp(-mean_per_day)
    seconds: list[int] = []
    amounts: list[float] = []
    for day in range(n_days):
        day_start = day * SECONDS_PER_DAY
        for _ in range(poisson(mean_per_day, exp_minus_lam)):
            second = int(_MIDDAY + _TIME_OF_DAY_STD * gauss())
            if 0 < second < SECONDS_PER_DAY:
                amount = mean_amount + std_amount * gauss()
                if amount < 0:
                    amount = 0.0 + (mean_amount * 2 - 0.0) * next_double()
                seconds.append(day_start + second)
                amounts.append(amount)
    # Python's stream is separate from NumPy's, so drawing every terminal after the loop changes nothing.
    picks = choice_positions(seed, len(terminals), len(seconds))
    return CustomerTransactions(seconds, amounts, terminals[picks].astype(np.int32))


@dataclass(frozen=True)
class RawTransactions:
    """Every customer's transactions, customer after customer, before sorting and fraud."""

    customer_ids: np.ndarray
    seconds: np.ndarray
    amounts: np.ndarray
    terminal_ids: np.ndarray


def generate_transactions(
    customers: CustomerProfiles, reachable: list[np.ndarray], spec: SimulationSpec
) -> RawTransactions:
    seconds: list[int] = []
    amounts: list[float] = []
    terminal_ids: list[np.ndarray] = []
    counts: list[int] = []
    mean_amount, std_amount, mean_per_day = (
        customers.mean_amount.tolist(),
        customers.std_amount.tolist(),
        customers.mean_per_day.tolist(),
    )
    for customer_id in range(len(customers)):
        made = customer_transactions(
            spec.transaction_seed(customer_id),
            mean_amount[customer_id],
            std_amount[customer_id],
            mean_per_day[customer_id],
            reachable[customer_id],
            spec.n_days,
        )
        seconds.extend(made.seconds)
        amounts.extend(made.amounts)
        terminal_ids.append(made.terminals)
        counts.append(len(made.seconds))
    return RawTransactions(
        customer_ids=np.repeat(np.arange(len(customers), dtype=np.int32), counts),
        seconds=np.asarray(seconds, dtype=np.int64),
        # np.round: multiply by 100, round half to even, divide (what the published code applies to each amount).
        amounts=np.round(np.asarray(amounts, dtype=np.float64), 2),
        terminal_ids=np.concatenate(terminal_ids).astype(np.int32),
    )
