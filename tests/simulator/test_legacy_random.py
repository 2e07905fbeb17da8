"""The raw-double replay of NumPy's legacy draws gives exactly what RandomState's own methods give."""

from __future__ import annotations

import random

import numpy as np
import pytest

from fraudctl.simulator.legacy_random import LegacyDraws
from fraudctl.simulator.transactions import customer_transactions


@pytest.mark.parametrize("seed", [0, 1, 596, 4_999, 123_456])
def test_an_interleaved_mix_of_draws_matches_randomstate_bit_for_bit(seed):
    reference, replayed = np.random.RandomState(seed), LegacyDraws(seed)
    plan = random.Random(seed).choices(["poisson", "normal", "uniform"], k=3_000)  # crosses several raw blocks
    for step, draw in enumerate(plan):
        lam = (step % 40) / 10  # 0 .. 3.9: includes lam == 0, which draws nothing
        if draw == "poisson":
            assert replayed.poisson(lam) == reference.poisson(lam)
        elif draw == "normal":
            # odd and even calls: the second gauss of a pair comes from the cache, across other draws
            assert replayed.normal(43200.0, 20000) == reference.normal(43200.0, 20000)
        else:
            assert replayed.uniform(0, lam * 2 + 1) == reference.uniform(0, lam * 2 + 1)


def test_poisson_refuses_a_mean_it_does_not_replay():
    with pytest.raises(ValueError, match="multiplication method"):
        LegacyDraws(0).poisson(10.0)


def _plain_customer(seed, mean_amount, std_amount, mean_per_day, terminals, n_days):
    """The published description, one scalar NumPy call at a time, on the global generators it names."""
    random.seed(seed)
    np.random.seed(seed)
    rows = []
    for day in range(n_days):
        for _ in range(np.random.poisson(mean_per_day)):
            second = int(np.random.normal(86400 / 2, 20000))
            if 0 < second < 86400:
                amount = np.random.normal(mean_amount, std_amount)
                if amount < 0:
                    amount = np.random.uniform(0, mean_amount * 2)
                rows.append((day * 86400 + second, np.round(amount, 2), random.choice(terminals)))
    return rows


@pytest.mark.parametrize(
    ("seed", "mean_amount", "mean_per_day"),
    [(0, 62.262520726806166, 2.1795327319875875), (7, 5.2, 3.99), (42, 99.0, 0.05), (3_000, 40.0, 1.0)],
)
def test_a_customers_transactions_match_the_plain_scalar_version(seed, mean_amount, mean_per_day):
    terminals = np.array([3, 17, 256, 1_024, 9_999])
    made = customer_transactions(seed, mean_amount, mean_amount / 2, mean_per_day, terminals, 183)
    expected = _plain_customer(seed, mean_amount, mean_amount / 2, mean_per_day, terminals.tolist(), 183)
    rounded = np.round(np.asarray(made.amounts, dtype=np.float64), 2).tolist()
    assert list(zip(made.seconds, rounded, made.terminals.tolist(), strict=True)) == expected
    assert len(expected) > 0 or mean_per_day < 0.1
