"""DynamoDB's typed wire format to plain Python values and back, and the error codes the adapters act on."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from typing import Any

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.exceptions import ClientError

_serializer = TypeSerializer()
_deserializer = TypeDeserializer()


def wire(values: dict[str, Any]) -> dict[str, Any]:
    return {name: _serializer.serialize(value) for name, value in values.items()}


def plain(item: dict[str, Any]) -> dict[str, Any]:
    return {name: _deserializer.deserialize(value) for name, value in item.items()}


def error_code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


def is_condition_failure(error: ClientError) -> bool:
    return error_code(error) == "ConditionalCheckFailedException"


def cancellation_reasons(error: ClientError) -> list[str]:
    """The per-action codes of a cancelled TransactWriteItems ("None", "ConditionalCheckFailed", ...)."""
    if error_code(error) != "TransactionCanceledException":
        return []
    return [str(reason.get("Code", "None")) for reason in error.response.get("CancellationReasons", [])]


def backoff_seconds(attempt: int) -> float:
    """Exponential backoff with jitter (50 ms, 100 ms, ...), so writers that collided do not collide again."""
    return random.uniform(0.5, 1.0) * 0.05 * 2**attempt  # noqa: S311 - jitter, not a secret


def pages(client: Any, request: dict[str, Any]) -> Iterator[list[dict[str, Any]]]:
    """A Query's pages, one call each, lazily: the caller holds one page at a time."""
    while True:
        response = client.query(**request)
        yield response.get("Items", [])
        if "LastEvaluatedKey" not in response:
            return
        request = request | {"ExclusiveStartKey": response["LastEvaluatedKey"]}


def batch_get(
    client: Any,
    table_name: str,
    keys: list[dict[str, Any]],
    consistent: bool = False,
    sleep: Callable[[float], None] = time.sleep,
) -> list[dict[str, Any]]:
    """BatchGetItem for any number of keys: 100 per call; unprocessed keys (throttling) asked again after a backoff."""
    found: list[dict[str, Any]] = []
    for start in range(0, len(keys), 100):
        request: dict[str, Any] = {table_name: {"Keys": keys[start : start + 100], "ConsistentRead": consistent}}
        for attempt in range(20):
            response = client.batch_get_item(RequestItems=request)
            found.extend(response.get("Responses", {}).get(table_name, []))
            request = response.get("UnprocessedKeys") or {}
            if not request:
                break
            sleep(min(0.05 * 2**attempt, 2.0))
        else:
            raise RuntimeError(f"BatchGetItem on {table_name} left keys unprocessed after 20 attempts")
    return found
