"""TransactionsTable's requests and paging, with a fake DynamoDB client (no network)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from fraud_adapters.transactions_table import TransactionsTable


class FakeDynamoDB:
    """Answers Query with pre-set pages and records every request."""

    def __init__(self, pages_by_key: dict[str, list[list[dict]]]) -> None:
        self.pages_by_key = pages_by_key
        self.requests: list[dict] = []

    def query(self, **request):
        self.requests.append(request)
        key = next(iter(request["ExpressionAttributeValues"].values()))["S"]
        pages = self.pages_by_key.get(key, [[]])
        index = int(request.get("ExclusiveStartKey", {}).get("page", {}).get("N", "0"))
        response = {"Items": pages[index], "Count": len(pages[index])}
        if index + 1 < len(pages):
            response["LastEvaluatedKey"] = {"page": {"N": str(index + 1)}}
        return response


def row(n: int, amount: str = "10.5", currency: str = "USD") -> dict:
    return {
        "transactionId": {"S": f"t-{n}"},
        "timestamp": {"N": str(1000 + n)},
        "amount": {"N": amount},
        "currency": {"S": currency},
    }


def table(client) -> TransactionsTable:
    return TransactionsTable(client, "transactions-dev", "customer-index", "day-index", 4)


def test_customer_history_is_one_projected_query_on_the_customer_index_and_follows_pages():
    client = FakeDynamoDB({"c-1": [[row(1), row(2)], [row(3), {"transactionId": {"S": "bad"}}]]})
    history, unreadable = table(client).customer_history("c-1", 100, 2000)
    assert [p.transaction_id for p in history] == ["t-1", "t-2", "t-3"] and unreadable == 1
    assert history[0].amount == Decimal("10.5")
    first, second = client.requests
    assert first["IndexName"] == "customer-index"
    assert first["KeyConditionExpression"] == "customerId = :customer AND #ts BETWEEN :since AND :until"
    assert first["ExpressionAttributeValues"][":since"] == {"N": "100"}
    assert set(first["ExpressionAttributeNames"].values()) == {
        "transactionId",
        "timestamp",
        "amount",
        "currency",
        "country",
    }
    assert second["ExclusiveStartKey"] == {"page": {"N": "1"}}


def test_a_day_is_read_from_every_shard_page_by_page():
    client = FakeDynamoDB({"2024-05-01#0": [[row(1)], [row(2)]], "2024-05-01#3": [[row(3)]]})
    items = table(client).items_of_day(date(2024, 5, 1))
    assert sorted(i["transactionId"] for i in items) == ["t-1", "t-2", "t-3"]
    shards = sorted(r["ExpressionAttributeValues"][":shard"]["S"] for r in client.requests)
    assert shards == ["2024-05-01#0", "2024-05-01#0", "2024-05-01#1", "2024-05-01#2", "2024-05-01#3"]
    assert {r["IndexName"] for r in client.requests} == {"day-index"}
