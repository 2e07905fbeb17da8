"""Concurrent identical POSTs, from threads, each in its own copy of the function: exactly one item is created."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from lambda_events import api_event, call_api
from moto_resources import IDEMPOTENCY_TABLE, TABLE

BODY = json.dumps({"transactionId": "txn-race", "customerId": "c-1", "amount": 25, "currency": "EUR"})


@pytest.mark.parametrize("round_", range(3))
def test_concurrent_identical_posts_create_exactly_one_item(processor_copies, aws, round_):
    start = threading.Barrier(len(processor_copies))

    def send(copy):
        start.wait()  # release every request at once
        return call_api(copy, api_event("POST", "/transactions", BODY))

    with ThreadPoolExecutor(len(processor_copies)) as pool:
        responses = list(pool.map(send, processor_copies))

    statuses = sorted(r.status for r in responses)
    assert statuses.count(201) == 1, statuses
    assert set(statuses) <= {200, 201, 409}
    created = next(r for r in responses if r.status == 201)
    for response in responses:
        if response.status == 200:  # finished before this one looked: the original, byte for byte
            assert response.text == created.text
        if response.status == 409:  # still in flight when this one looked: told to retry
            assert response.headers["Retry-After"] == "1"
            assert "still being processed" in response.json["message"]
    items = aws.items(TABLE)
    assert len(items) == 1 and items[0]["transactionId"] == {"S": "txn-race"}
    assert len(aws.items(IDEMPOTENCY_TABLE)) == 1

    # once the first has finished, every retry is a 200 with the original
    assert call_api(processor_copies[0], api_event("POST", "/transactions", BODY)).text == created.text
