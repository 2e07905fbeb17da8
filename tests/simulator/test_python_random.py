"""Bulk terminal draws are exactly `random.Random(seed).choice`, call after call."""

from __future__ import annotations

import random

import pytest

from fraudctl.simulator.python_random import choice_positions


@pytest.mark.parametrize(
    ("seed", "population", "count"),
    [(0, 75, 400), (596, 1, 50), (3, 2, 300), (42, 64, 1_000), (7, 65, 1_000), (9_999, 5_000, 20), (1, 10, 0)],
)
def test_bulk_draws_equal_successive_choice_calls(seed, population, count):
    sequence = list(range(population))
    generator = random.Random(seed)
    expected = [generator.choice(sequence) for _ in range(count)]
    assert choice_positions(seed, population, count).tolist() == expected


def test_an_empty_population_is_refused():
    with pytest.raises(ValueError, match="non-empty"):
        choice_positions(0, 0, 1)
