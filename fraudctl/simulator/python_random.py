"""Python's `random.Random(seed).choice`, drawn for many calls at once.

Why by hand: ~1.75 million `choice` calls take about a second; the same draws in bulk take a tenth of that.
CPython (Lib/random.py `_randbelow_with_getrandbits`, Modules/_randommodule.c) picks `seq[r]` where r is the first of
`getrandbits(k)` = one 32-bit MT19937 word shifted right by 32 - k, with k = len(seq).bit_length(), that is below
len(seq). `getrandbits(32 * m)` returns m such words, the first in the lowest bits. `tests/simulator/
test_python_random.py` checks the bulk draws against `random.choice` itself.
"""

from __future__ import annotations

import random

import numpy as np

_SPARE_WORDS = 16


def choice_positions(seed: int, population: int, count: int) -> np.ndarray:
    """The positions `count` successive `random.Random(seed).choice(seq)` calls pick, len(seq) == population."""
    if population < 1:
        raise ValueError("choice needs a non-empty sequence")
    bits = population.bit_length()
    generator = random.Random(seed)  # noqa: S311 - replays a published simulation's stream; no secret here
    picked = np.empty(0, dtype=np.int64)
    while len(picked) < count:
        # At least half the words are accepted (population >= 2**(bits-1)); a short draw continues the stream,
        # since every word of the previous chunk was consumed by the calls it served.
        words = 2 * (count - len(picked)) + _SPARE_WORDS
        chunk = np.frombuffer(generator.getrandbits(32 * words).to_bytes(4 * words, "little"), dtype="<u4")
        candidates = (chunk >> np.uint32(32 - bits)).astype(np.int64)
        picked = np.concatenate([picked, candidates[candidates < population]])
    return picked[:count]
