"""NumPy's legacy RandomState draws (`np.random.seed`, `poisson`, `normal`, `uniform`), replayed from raw doubles.

Why by hand: the published simulator draws one scalar at a time, ~4 million calls of ~1 us each through NumPy's
Python API. Every legacy draw the simulator makes consumes 53-bit doubles from one MT19937 stream (`random_sample`),
so a block of raw doubles read in the same order, with the same arithmetic as NumPy's C code, gives bit-identical
values several times faster. `tests/simulator/test_legacy_random.py` checks each draw against RandomState itself.

NumPy's legacy algorithms (numpy/random/src/legacy, distributions.c), as replayed here:
- poisson(lam), lam < 10: multiply uniforms until the product is <= exp(-lam); the count of factors before that
  is the draw. lam == 0 draws nothing.
- normal(loc, scale) = loc + scale * gauss, gauss by the polar Box-Muller method: two uniforms in (-1, 1) until
  0 < r2 < 1, then f = sqrt(-2 log(r2) / r2); f * x2 is returned and f * x1 is cached for the next gauss.
- uniform(low, high) = low + (high - low) * u.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from itertools import chain

import numpy as np

_BLOCK = 2048  # doubles drawn at a time: about one average customer's 183 days


def raw_doubles(seed: int) -> Iterator[float]:
    """The stream `random_sample()` returns after `np.random.seed(seed)`, as Python floats, without end.

    Built from C-level iterators (no generator frame per double): this is the simulator's innermost call.
    """
    state = np.random.RandomState(seed)
    return chain.from_iterable(iter(lambda: state.random_sample(_BLOCK).tolist(), None))


class LegacyDraws:
    """One legacy RandomState's scalar draws over its raw doubles (the gauss cache included)."""

    __slots__ = ("_cached", "_has_cached", "next_double")

    def __init__(self, seed: int) -> None:
        self.next_double: Callable[[], float] = raw_doubles(seed).__next__
        self._has_cached = False
        self._cached = 0.0

    def poisson_small(self, lam: float, exp_minus_lam: float) -> int:
        """poisson(lam) for 0 <= lam < 10; exp(-lam) is passed in so a caller computes it once per customer."""
        if lam == 0:
            return 0
        count = 0
        product = self.next_double()
        while product > exp_minus_lam:
            count += 1
            product *= self.next_double()
        return count

    def gauss(self) -> float:
        if self._has_cached:
            self._has_cached = False
            return self._cached
        next_double = self.next_double
        while True:
            x1 = 2.0 * next_double() - 1.0
            x2 = 2.0 * next_double() - 1.0
            r2 = x1 * x1 + x2 * x2
            if r2 < 1.0 and r2 != 0.0:
                break
        f = math.sqrt(-2.0 * math.log(r2) / r2)
        self._cached = f * x1
        self._has_cached = True
        return f * x2

    def normal(self, loc: float, scale: float) -> float:
        return loc + scale * self.gauss()

    def uniform(self, low: float, high: float) -> float:
        return low + (high - low) * self.next_double()

    def poisson(self, lam: float) -> int:
        if not 0 <= lam < 10:
            raise ValueError("only the multiplication method (0 <= lam < 10) is replayed")
        return self.poisson_small(lam, math.exp(-lam))
