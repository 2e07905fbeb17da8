"""Counts the AWS calls (and DynamoDB items read) a piece of code makes, through botocore's event hooks."""

from __future__ import annotations

from collections import Counter
from typing import Any


class AwsCallCounter:
    """Use as a context manager around the code; hooks the given clients only while inside.

    `items_read` counts the items Query and BatchGetItem returned; `keys_read` names them (a transaction's id, or
    an aggregate item's pk), so a test can say which items a report touched.
    """

    def __init__(self, *clients: Any) -> None:
        self.clients = {id(client): client for client in clients}.values()  # one hook per distinct client
        self.calls: Counter[str] = Counter()
        self.items_read = 0
        self.keys_read: list[str] = []

    def _before_call(self, model: Any, **_: Any) -> None:
        self.calls[f"{model.service_model.service_name}:{model.name}"] += 1

    def _read(self, items: list[dict[str, Any]]) -> None:
        self.items_read += len(items)
        self.keys_read += [(item.get("transactionId") or item.get("pk") or {}).get("S", "?") for item in items]

    def _after_query(self, parsed: Any, **_: Any) -> None:
        self._read(parsed.get("Items", []))

    def _after_batch_get(self, parsed: Any, **_: Any) -> None:
        for items in parsed.get("Responses", {}).values():
            self._read(items)

    def __enter__(self) -> AwsCallCounter:
        for client in self.clients:
            events = client.meta.events
            events.register("before-call", self._before_call, unique_id=f"count-{id(self)}")
            events.register("after-call.dynamodb.Query", self._after_query, unique_id=f"items-{id(self)}")
            events.register("after-call.dynamodb.BatchGetItem", self._after_batch_get, unique_id=f"batch-{id(self)}")
        return self

    def __exit__(self, *_: object) -> None:
        for client in self.clients:
            events = client.meta.events
            events.unregister("before-call", unique_id=f"count-{id(self)}")
            events.unregister("after-call.dynamodb.Query", unique_id=f"items-{id(self)}")
            events.unregister("after-call.dynamodb.BatchGetItem", unique_id=f"batch-{id(self)}")

    def of(self, service: str) -> dict[str, int]:
        prefix = f"{service}:"
        return {name.removeprefix(prefix): n for name, n in self.calls.items() if name.startswith(prefix)}
