"""The flagged customers' totals on disk (SQLite in the function's /tmp), so a day's ranking never fills memory.

Written by hand over the standard library's sqlite3: the ranking must equal the in-memory one exactly (same order,
same decimal spelling), which a general external-sort library would not give. Amounts are stored as integers of
thousandths (no currency has more than 3 decimals) with the most decimals seen, so sums stay exact; a CHECK refuses
the float SQLite would switch to past 2^63.
"""

from __future__ import annotations

import sqlite3
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from fraud_domain.day_aggregates import decimal_places
from fraud_domain.reports import customer_entry

_SCALE = Decimal(1000)
_SCHEMA = """
CREATE TABLE totals (
    currency TEXT NOT NULL,
    customer TEXT NOT NULL,
    flagged INTEGER NOT NULL,
    thousandths INTEGER NOT NULL CHECK (typeof(thousandths) = 'integer'),
    places INTEGER NOT NULL,
    PRIMARY KEY (currency, customer)
) WITHOUT ROWID
"""
_UPSERT = """
INSERT INTO totals VALUES (?, ?, 1, ?, ?)
ON CONFLICT (currency, customer) DO UPDATE SET
    flagged = flagged + 1, thousandths = thousandths + excluded.thousandths, places = max(places, excluded.places)
"""
_TOP = """
SELECT currency, customer, flagged, thousandths, places FROM (
    SELECT *, row_number() OVER (PARTITION BY currency ORDER BY thousandths DESC, customer) AS rank FROM totals
) WHERE rank <= ? ORDER BY currency, rank
"""


class SpillingFlaggedCustomers:
    """`FlaggedCustomers` in a temporary SQLite file, with a small page cache; use as a context manager."""

    def __init__(self, directory: str | None = None, cache_kib: int = 2048) -> None:
        self._dir = tempfile.TemporaryDirectory(dir=directory, prefix="flagged-customers-")
        self._db = sqlite3.connect(Path(self._dir.name) / "totals.db", isolation_level=None)
        self._db.execute(f"PRAGMA cache_size = -{int(cache_kib)}")
        self._db.execute("PRAGMA journal_mode = OFF")  # a scratch file: nothing to recover after a crash
        self._db.execute("PRAGMA synchronous = OFF")
        self._db.execute(_SCHEMA)
        self._db.execute("BEGIN")

    def add(self, currency: str, customer_id: str, amount: Decimal) -> None:
        thousandths = amount * _SCALE
        if thousandths != thousandths.to_integral_value():
            raise ValueError(f"amount {amount} has more than 3 decimals")
        self._db.execute(_UPSERT, (currency, customer_id, int(thousandths), decimal_places(amount)))

    def top(self, n: int) -> dict[str, list[dict[str, Any]]]:
        ranked: dict[str, list[dict[str, Any]]] = {}
        for currency, customer, flagged, thousandths, places in self._db.execute(_TOP, (n,)):
            amount = (Decimal(thousandths) / _SCALE).quantize(Decimal(1).scaleb(-places))
            ranked.setdefault(currency, []).append(customer_entry(customer, flagged, amount))
        return ranked

    def close(self) -> None:
        self._db.close()
        self._dir.cleanup()

    def __enter__(self) -> SpillingFlaggedCustomers:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
