"""The one exception the review raises for inputs it cannot use (not for findings, which are data)."""

from __future__ import annotations


class ReviewInputError(ValueError):
    """A source file is malformed, incomplete or belongs to another stack.

    The CLI prints ``str(error)`` on one line and exits 2, so the message names the file (and line, where there is
    one) and says what is wrong with it.
    """
