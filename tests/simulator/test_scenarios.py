"""The fraud scenarios on small cases, and pandas' sampling without pandas."""

from __future__ import annotations

import random

import numpy as np
import pytest

from fraudctl.simulator.scenarios import compromised_cards, compromised_terminals, high_amounts, sample_positions
from fraudctl.simulator.spec import SimulationSpec

# What pandas 3.1.1 returned for `Series(range(N)).sample(n, random_state=day)`, recorded in a scratch environment
# (pandas is not a dependency of this project).
PANDAS_TERMINAL_PICKS = {0: [9394, 898], 1: [9953, 3850], 2: [7878, 3224], 100: [8018, 9225], 181: [8036, 7289]}
PANDAS_CUSTOMER_PICKS = {
    0: [398, 3833, 4836],
    1: [2764, 4767, 3814],
    2: [3566, 4252, 1918],
    100: [789, 2507, 2376],
    181: [4314, 3945, 4038],
}


@pytest.mark.parametrize("day", sorted(PANDAS_TERMINAL_PICKS))
def test_sampling_picks_what_pandas_sample_picks(day):
    assert sample_positions(10_000, 2, day).tolist() == PANDAS_TERMINAL_PICKS[day]
    assert sample_positions(5_000, 3, day).tolist() == PANDAS_CUSTOMER_PICKS[day]


def test_scenario_1_is_strictly_above_220():
    assert high_amounts(np.array([219.99, 220.0, 220.01])).tolist() == [False, False, True]


def test_a_compromised_terminal_stays_compromised_for_28_days_from_its_day():
    spec = SimulationSpec()
    first, second = PANDAS_TERMINAL_PICKS[0]
    later_picks = {int(t) for day in range(1, 29) for t in sample_positions(10_000, 2, day)}
    assert first not in later_picks  # otherwise day 28 would be compromised again by a later draw
    other = next(t for t in range(10_000) if t not in later_picks and t not in (first, second))
    terminals = np.array([first, first, first, second, other, other])
    days = np.array([0, 27, 28, 13, 0, 28])
    marked = compromised_terminals(terminals, days, 10_000, spec)
    assert marked.tolist() == [True, True, False, True, False, False]


def test_a_compromised_card_loses_a_third_of_its_next_14_days_picked_by_pythons_random():
    # 3 customers, so each day's draw takes all of them; transactions are in time order, ids are positions.
    customers = np.array([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 0, 1])
    days = np.array([0, 0, 0, 1, 1, 2, 5, 9, 13, 14, 15, 15])
    picked = compromised_cards(customers, days, 3, SimulationSpec())
    assert len(picked) == 15  # one list per day 0 .. last day - 1
    in_first_window = [0, 1, 2, 3, 4, 5, 6, 7, 8]  # days 0-13 of all three customers
    assert picked[0].tolist() == random.Random(0).sample(in_first_window, k=3)
    in_window_of_day_14 = [9, 10, 11]
    assert picked[14].tolist() == random.Random(14).sample(in_window_of_day_14, k=1)


def test_scenario_draws_shift_with_the_seed_offset():
    terminals = np.array(PANDAS_TERMINAL_PICKS[0])
    days = np.array([0, 1])
    assert compromised_terminals(terminals, days, 10_000, SimulationSpec()).all()
    shifted = compromised_terminals(terminals, days, 10_000, SimulationSpec(seed_offset=1))
    assert shifted.tolist() == [False, False]  # offset 1 draws day 0's terminals with seed 1: 9953 and 3850
