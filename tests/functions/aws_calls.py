"""Counts the AWS calls (and DynamoDB items read) a piece of code makes, through botocore's event hooks."""

from __future__ import annotations

from collections import Counter
from typing import Any


class AwsCallCounter:
    """Use as a context manager around the code; hooks the given clients only while inside."""

    def __init__(self, *clients: Any) -> None:
        self.clients = {id(client): client for client in clients}.values()  # one hook per distinct client
        self.calls: Counter[str] = Counter()
        self.items_read = 0

    def _before_call(self, model: Any, **_: Any) -> None:
        self.calls[f"{model.service_model.service_name}:{model.name}"] += 1

    def _after_query(self, parsed: Any, **_: Any) -> None:
        self.items_read += parsed.get("Count", 0)

    def __enter__(self) -> AwsCallCounter:
        for client in self.clients:
            client.meta.events.register("before-call", self._before_call, unique_id=f"count-{id(self)}")
            client.meta.events.register("after-call.dynamodb.Query", self._after_query, unique_id=f"items-{id(self)}")
        return self

    def __exit__(self, *_: object) -> None:
        for client in self.clients:
            client.meta.events.unregister("before-call", unique_id=f"count-{id(self)}")
            client.meta.events.unregister("after-call.dynamodb.Query", unique_id=f"items-{id(self)}")

    def of(self, service: str) -> dict[str, int]:
        prefix = f"{service}:"
        return {name.removeprefix(prefix): n for name, n in self.calls.items() if name.startswith(prefix)}
