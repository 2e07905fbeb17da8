"""A speed fix for moto 5.2.5's TransactWriteItems, applied to the in-process server of the tests and benchmarks.

Before it applies a transaction, moto deep-copies each table the transaction touches, for its rollback, but once per
action rather than once per table: a 100-action commit on a 500-item table copies the table 100 times (seconds
per call, growing with the table). All the copies are taken before any action runs, so one copy per table is the
same rollback state. Nothing else changes: conditions, cancellation reasons and rollback behave as moto's own.
"""

from __future__ import annotations

import copy
import threading
from typing import Any

import moto.dynamodb.models as dynamodb_models
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.table import Table

_during = threading.local()


class _CopyOncePerTable:
    """Stands in for the `copy` module inside moto.dynamodb.models."""

    def __getattr__(self, name: str) -> Any:
        return getattr(copy, name)

    @staticmethod
    def deepcopy(value: Any, memo: dict[int, Any] | None = None) -> Any:
        copies = getattr(_during, "copies", None)
        if copies is None or memo is not None or not isinstance(value, Table):
            return copy.deepcopy(value, memo)
        if id(value) not in copies:
            copies[id(value)] = copy.deepcopy(value)
        return copies[id(value)]


def copy_each_table_once() -> None:
    if getattr(DynamoDBBackend.transact_write_items, "copies_each_table_once", False):
        return
    original = DynamoDBBackend.transact_write_items

    def transact_write_items(self: DynamoDBBackend, transact_items: list[dict[str, Any]]) -> None:
        _during.copies = {}
        try:
            return original(self, transact_items)
        finally:
            _during.copies = None

    transact_write_items.copies_each_table_once = True  # type: ignore[attr-defined]
    dynamodb_models.copy = _CopyOncePerTable()  # type: ignore[assignment]
    DynamoDBBackend.transact_write_items = transact_write_items  # type: ignore[method-assign]
