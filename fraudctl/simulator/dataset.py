"""The whole simulated data set: transactions sorted by time, with their fraud labels and scenarios."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np

from fraudctl.simulator.customers import CustomerProfiles, generate_customers
from fraudctl.simulator.scenarios import (
    CARD_FRAUD_MULTIPLIER,
    compromised_cards,
    compromised_terminals,
    high_amounts,
)
from fraudctl.simulator.spec import SECONDS_PER_DAY, SimulationSpec
from fraudctl.simulator.terminals import TerminalLocations, generate_terminals, reachable_terminals
from fraudctl.simulator.transactions import generate_transactions

NO_FRAUD, HIGH_AMOUNT, COMPROMISED_TERMINAL, COMPROMISED_CARD = 0, 1, 2, 3


@dataclass(frozen=True)
class SimulatedDataset:
    """Column arrays; the transaction id is the position (the rank in time)."""

    spec: SimulationSpec
    customers: CustomerProfiles
    terminals: TerminalLocations
    customer_ids: np.ndarray  # int32
    terminal_ids: np.ndarray  # int32
    seconds: np.ndarray  # int64, since spec.start
    amounts: np.ndarray  # float64, 2 decimals (after the x5 of compromised cards)
    fraud: np.ndarray  # bool
    scenario: np.ndarray  # int8: NO_FRAUD or the last scenario that hit the transaction

    def __len__(self) -> int:
        return len(self.seconds)

    @property
    def days(self) -> np.ndarray:
        return self.seconds // SECONDS_PER_DAY

    def moment(self, transaction_id: int) -> datetime:
        return self.spec.start + timedelta(seconds=int(self.seconds[transaction_id]))

    def date_of(self, day: int) -> date:
        """The UTC date of a simulation day (0 is spec.start's)."""
        return self.spec.start.date() + timedelta(days=day)

    def scenario_counts(self) -> dict[int, int]:
        counts = np.bincount(self.scenario, minlength=4)
        return {scenario: int(counts[scenario]) for scenario in (HIGH_AMOUNT, COMPROMISED_TERMINAL, COMPROMISED_CARD)}


def simulate(spec: SimulationSpec | None = None) -> SimulatedDataset:
    spec = spec or SimulationSpec()
    customers = generate_customers(spec.n_customers, spec.customer_seed)
    terminals = generate_terminals(spec.n_terminals, spec.terminal_seed)
    raw = generate_transactions(customers, reachable_terminals(customers, terminals, spec.radius), spec)
    # A stable sort: ties on the second keep customer order. The published code's pandas quicksort leaves tie order
    # to NumPy's sort internals; none of the golden figures depends on it (see docs/detection-benchmark.md).
    order = np.argsort(raw.seconds, kind="stable")
    customer_ids, terminal_ids = raw.customer_ids[order], raw.terminal_ids[order]
    seconds, amounts = raw.seconds[order], raw.amounts[order].copy()
    days = seconds // SECONDS_PER_DAY

    scenario = np.zeros(len(seconds), dtype=np.int8)
    scenario[high_amounts(amounts)] = HIGH_AMOUNT
    scenario[compromised_terminals(terminal_ids, days, spec.n_terminals, spec)] = COMPROMISED_TERMINAL
    for picked in compromised_cards(customer_ids, days, spec.n_customers, spec):
        amounts[picked] = amounts[picked] * CARD_FRAUD_MULTIPLIER
        scenario[picked] = COMPROMISED_CARD
    return SimulatedDataset(
        spec=spec,
        customers=customers,
        terminals=terminals,
        customer_ids=customer_ids,
        terminal_ids=terminal_ids,
        seconds=seconds,
        amounts=amounts,
        fraud=scenario != NO_FRAUD,
        scenario=scenario,
    )
