"""A small client of the local API (one keep-alive connection), for the demo, the tests and the benchmark."""

from __future__ import annotations

import http.client
import json
import time
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import quote, urlsplit


@dataclass(frozen=True)
class ApiResponse:
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body, parse_float=Decimal)  # amounts stay exact


class ApiClient:
    """Not thread-safe: one client per thread. `api_url` includes the stage: http://127.0.0.1:3000/dev."""

    def __init__(self, api_url: str, api_key: str | None, timeout_s: float = 35.0) -> None:
        parts = urlsplit(api_url)
        self.api_url = api_url
        self.api_key = api_key
        self._host, self._port = parts.hostname or "127.0.0.1", parts.port or 80
        self._stage_path = parts.path.rstrip("/")
        self._timeout_s = timeout_s
        self._connection: http.client.HTTPConnection | None = None

    def post_transaction(self, transaction: dict[str, Any]) -> ApiResponse:
        return self.request("POST", "/transactions", body=transaction)

    def get_transaction(self, transaction_id: str) -> ApiResponse:
        return self.request("GET", f"/transactions/{quote(transaction_id, safe='')}")

    def label_transaction(self, transaction_id: str, fraud: bool, source: str) -> ApiResponse:
        """The fraud team's outcome: PUT /transactions/{id}/label."""
        path = f"/transactions/{quote(transaction_id, safe='')}/label"
        return self.request("PUT", path, body={"fraud": fraud, "source": source})

    def wait_until_analysed(self, transaction_id: str, timeout_s: float = 10.0, poll_s: float = 0.01) -> dict[str, Any]:
        """GET the transaction until its status is ANALYZED; its body. TimeoutError with the last answer otherwise."""
        deadline, last = time.monotonic() + timeout_s, ""
        while time.monotonic() < deadline:
            response = self.get_transaction(transaction_id)
            last = f"{response.status} {response.body.decode(errors='replace')}"
            if response.status == 200 and response.json.get("status") == "ANALYZED":
                return response.json
            time.sleep(poll_s)
        raise TimeoutError(f"transaction {transaction_id} not analysed within {timeout_s} s; last answer: {last}")

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        raw_body: bytes | None = None,
        headers: dict[str, str] | None = None,
        stage_relative: bool = True,
    ) -> ApiResponse:
        data = (
            raw_body
            if raw_body is not None
            else (json.dumps(body, default=_number).encode() if body is not None else None)
        )
        sent = {"Content-Type": "application/json"} if data is not None else {}
        if self.api_key is not None:
            sent["x-api-key"] = self.api_key
        sent |= headers or {}
        target = (self._stage_path if stage_relative else "") + path
        for attempt in (1, 2):  # a keep-alive connection the server closed is reopened once
            connection = self._connection or http.client.HTTPConnection(self._host, self._port, timeout=self._timeout_s)
            self._connection = connection
            try:
                connection.request(method, target, body=data, headers=sent)
                response = connection.getresponse()
                payload = response.read()
                return ApiResponse(response.status, {k.lower(): v for k, v in response.getheaders()}, payload)
            except (ConnectionError, http.client.RemoteDisconnected, http.client.CannotSendRequest):
                self.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def _number(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")
