"""What the scenarios talk to: the local system (default) or a deployed stack, behind one small HTTP client."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import requests


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    text: str

    @property
    def body(self) -> Any:
        return json.loads(self.text, parse_float=Decimal)  # amounts stay exact: 42.50 is checked as a number


class TransactionsApi:
    """HTTP(S) client of the API; works the same against http://127.0.0.1 and https://...execute-api..."""

    def __init__(self, api_url: str, api_key: str | None) -> None:
        self.api_url = api_url.rstrip("/")
        self.api_key = api_key
        self._session = requests.Session()

    def with_key(self, api_key: str | None) -> TransactionsApi:
        return TransactionsApi(self.api_url, api_key)

    def _headers(self) -> dict[str, str]:
        headers = {"content-type": "application/json"}
        if self.api_key is not None:
            headers["x-api-key"] = self.api_key
        return headers

    def _reply(self, response: requests.Response) -> Reply:
        return Reply(response.status_code, {k.lower(): v for k, v in response.headers.items()}, response.text)

    def post_raw(self, body: str) -> Reply:
        response = self._session.post(
            f"{self.api_url}/transactions", data=body.encode(), headers=self._headers(), timeout=35
        )
        return self._reply(response)

    def post(self, transaction: dict[str, Any]) -> Reply:
        return self.post_raw(json.dumps(transaction, default=str))

    def put_label_raw(self, transaction_id: str, body: str) -> Reply:
        response = self._session.put(
            f"{self.api_url}/transactions/{transaction_id}/label",
            data=body.encode(),
            headers=self._headers(),
            timeout=35,
        )
        return self._reply(response)

    def get(self, transaction_id: str) -> Reply:
        response = self._session.get(
            f"{self.api_url}/transactions/{transaction_id}", headers=self._headers(), timeout=35
        )
        return self._reply(response)

    def wait_for_analysis(self, transaction_id: str, timeout_s: float) -> dict[str, Any]:
        deadline, last = time.monotonic() + timeout_s, None
        while time.monotonic() < deadline:
            last = self.get(transaction_id)
            if last.status == 200 and last.body.get("status") == "ANALYZED":
                return last.body
            time.sleep(0.05)
        raise AssertionError(f"{transaction_id} not analyzed within {timeout_s} s; last reply: {last}")


@dataclass(frozen=True)
class Target:
    api_url: str
    api_key: str | None
    system: Any = None  # the LocalSystem when running locally; None against a deployed stack

    def api(self, api_key: str | None = ...) -> TransactionsApi:  # type: ignore[assignment]
        return TransactionsApi(self.api_url, self.api_key if api_key is ... else api_key)
