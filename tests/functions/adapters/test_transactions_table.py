"""The table adapters' requests and paging, with a fake DynamoDB client (no network)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from fraud_adapters.day_items import DayItems
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
    return TransactionsTable(client, "transactions-dev", "customer-index", 4)


def day_items(client) -> DayItems:
    return DayItems(client, "transactions-dev", "flagged-index", "pending-index", "day-index", 4, page_size=2)


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


def flagged(n: int, at: int) -> dict:
    return row(n) | {"timestamp": {"N": str(at)}}


def test_flagged_items_come_merged_across_shards_in_time_then_id_order():
    # Shard 0 returns two items with the same timestamp in reverse id order: ties are not ordered by an index.
    client = FakeDynamoDB(
        {
            "2024-05-01#0": [[flagged(9, 5), flagged(2, 5)], [flagged(4, 40)]],
            "2024-05-01#2": [[flagged(1, 5), flagged(7, 30)]],
            "2024-05-01#3": [[flagged(3, 1)]],
        }
    )
    order = [(int(i["timestamp"]), i["transactionId"]) for i in day_items(client).flagged_in_order(date(2024, 5, 1))]
    assert order == [(1, "t-3"), (5, "t-1"), (5, "t-2"), (5, "t-9"), (30, "t-7"), (40, "t-4")]
    assert {r["IndexName"] for r in client.requests} == {"flagged-index"}
    assert {r["Limit"] for r in client.requests} == {2}  # small pages: memory holds a page or two per shard
    assert sum("ExclusiveStartKey" in r for r in client.requests) == 1


def test_pending_items_are_read_from_every_shard_of_the_pending_index_page_by_page():
    client = FakeDynamoDB({"2024-05-01#0": [[row(1)], [row(2)]], "2024-05-01#3": [[row(3)]]})
    items = list(day_items(client).pending(date(2024, 5, 1)))
    assert sorted(i["transactionId"] for i in items) == ["t-1", "t-2", "t-3"]
    shards = sorted(r["ExpressionAttributeValues"][":shard"]["S"] for r in client.requests)
    assert shards == ["2024-05-01#0", "2024-05-01#0", "2024-05-01#1", "2024-05-01#2", "2024-05-01#3"]
    assert {r["IndexName"] for r in client.requests} == {"pending-index"}
    assert {r["ExpressionAttributeNames"]["#shard"] for r in client.requests} == {"pendingShard"}
