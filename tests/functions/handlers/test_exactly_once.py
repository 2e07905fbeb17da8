"""Property: whatever the stream does, the incremental aggregates and counters equal a full recomputation.

Random workloads on moto, delivered to the real analyzer the way Lambda may: in random batches, redelivered after
a crash between two commits, bisected, with records repeated inside a batch and replayed later, next to poison
records that always fail. After a last full delivery (Lambda gets every record through eventually), the day
aggregates equal the fold of the good transactions (and what the slow rebuild computes from the items), and every
terminal/merchant counter equals the count of its transactions; labels, applied in random orders and repeated,
leave exactly the frauds the final labels say.
"""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal

import boto3
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from lambda_events import LambdaContext, api_event, call_api, stream_event
from moto_resources import AGGREGATE_SHARDS, AGGREGATES_TABLE, SHARDS, TABLE, StreamReader, create_resources, reset

from fraud_adapters.aggregates_table import AggregatesTable
from fraud_adapters.day_items import DayItems
from fraud_adapters.day_rebuild import DayRebuild
from fraud_domain.day_aggregates import DayAggregate
from fraud_domain.risk_counters import seen_deltas
from fraud_domain.sharding import day_of
from fraud_domain.transaction import Transaction

MIDNIGHT = 1714608000000  # 2024-05-02T00:00:00Z: a workload spans two UTC days
PROPERTY = settings(
    max_examples=5,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # no shrinking: each example is seconds of moto
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)


class Crash(BaseException):
    """The invocation dies (a timeout, an out-of-memory): not an error the handler can catch."""


@st.composite
def workloads(draw):
    count = draw(st.integers(3, 10))
    transactions = [
        Transaction(
            transaction_id=f"t-{n:03d}",
            customer_id=f"c-{draw(st.integers(0, 3))}",
            amount=Decimal(draw(st.integers(1, 500_000))).scaleb(-draw(st.integers(0, 2))),
            currency=draw(st.sampled_from(["USD", "EUR"])),
            timestamp=MIDNIGHT + draw(st.integers(-90, 90)) * 60_000,
            received_at="2024-05-02T00:00:00.000Z",
            terminal_id=draw(st.sampled_from([None, "T-1", "T-2"])),
            merchant_id=draw(st.sampled_from([None, "M-1"])),
        )
        for n in range(count)
    ]
    poison = draw(st.lists(st.integers(0, count - 1), max_size=2, unique=True))
    steps = draw(
        st.lists(
            st.tuples(
                st.sampled_from(["batch", "crash", "bisect", "repeat"]),
                st.integers(0, count),
                st.integers(1, count + 2),
                st.integers(0, 2),
            ),
            max_size=4,
        )
    )
    return transactions, poison, steps, draw(st.integers(4, 12))


def fresh_tables(moto_endpoint: str):
    reset(moto_endpoint)
    dynamodb = boto3.client("dynamodb", region_name="us-east-2")
    stream_arn = create_resources(dynamodb, boto3.client("s3", region_name="us-east-2"))
    return dynamodb, StreamReader(boto3.client("dynamodbstreams", region_name="us-east-2"), stream_arn)


def insert(dynamodb, analyzer, transactions: list[Transaction], poison: list[int]) -> None:
    """The transactions as the processor stores them; before each poison index a corrupt item with its index keys."""
    for n, transaction in enumerate(transactions):
        if n in poison:
            shard = {"S": f"{day_of(MIDNIGHT)}#{n % SHARDS}"}
            item = {"transactionId": {"S": f"poison-{n}"}, "timestamp": {"N": str(MIDNIGHT)}, "customerId": {"S": "c"}}
            item |= {"amount": {"S": "abc"}, "status": {"S": "RECEIVED"}, "dayShard": shard, "pendingShard": shard}
            dynamodb.put_item(TableName=TABLE, Item=item)
        analyzer.transactions.insert(transaction)


def deliver(analyzer, records: list[dict], crash_after: int | None = None, monkeypatch=None) -> None:
    if not records:
        return  # Lambda never invokes with an empty batch
    if crash_after is not None:
        real, calls = analyzer.writer.client.transact_write_items, []

        def crashing(**request):
            if len(calls) == crash_after:
                raise Crash
            calls.append(1)
            return real(**request)

        monkeypatch.setattr(analyzer.writer.client, "transact_write_items", crashing)
    try:
        analyzer.handler(stream_event(records), LambdaContext())
    except Crash:
        pass
    finally:
        if crash_after is not None:
            monkeypatch.undo()


def stored_days(dynamodb, days) -> dict:
    aggregates = AggregatesTable(dynamodb, AGGREGATES_TABLE, AGGREGATE_SHARDS)
    merged = {}
    for day in days:
        total = DayAggregate()
        for shard in aggregates.day(day):
            total.merge(shard)
        merged[day] = total
    return merged


def summary(aggregate: DayAggregate) -> tuple:
    currencies = {
        code: (t.transactions, str(t.exact_amount())) for code, t in aggregate.by_currency.items() if t.transactions
    }
    return aggregate.analysed, tuple(aggregate.hourly), currencies


def stored_counters(dynamodb) -> Counter:
    found = Counter()
    for page in dynamodb.get_paginator("scan").paginate(TableName=AGGREGATES_TABLE):
        for item in page["Items"]:
            if not item["pk"]["S"].startswith("day#"):
                for name, value in item.items():
                    if name != "pk" and int(value["N"]):
                        found[(item["pk"]["S"], name)] = int(value["N"])
    return found


@PROPERTY
@given(workloads())
def test_incremental_aggregates_equal_a_full_recomputation(analyzer, moto_endpoint, monkeypatch, workload):
    transactions, poison, steps, max_actions = workload
    dynamodb, stream = fresh_tables(moto_endpoint)
    insert(dynamodb, analyzer, transactions, poison)
    records = [r for r in stream.new_records() if r["eventName"] == "INSERT"]
    with monkeypatch.context() as patch:
        patch.setattr(analyzer.writer, "max_actions", max_actions)  # several commits per batch
        for kind, start, length, extra in steps:
            part = records[start : start + length]
            if kind == "batch":
                deliver(analyzer, part)
            elif kind == "crash":
                deliver(analyzer, part, crash_after=extra, monkeypatch=patch)
                deliver(analyzer, part)  # Lambda retries the batch
            elif kind == "bisect":
                half = len(part) // 2
                deliver(analyzer, part[:half])
                deliver(analyzer, part[half:])
            else:  # a record repeated in its batch, and the batch replayed later
                deliver(analyzer, part + part[:1])
                deliver(analyzer, records)
        deliver(analyzer, records)  # every record gets through in the end

    days = sorted({day_of(t.timestamp) for t in transactions})
    expected = {day: DayAggregate.of(t for t in transactions if day_of(t.timestamp) == day) for day in days}
    assert {d: summary(a) for d, a in stored_days(dynamodb, days).items()} == {
        d: summary(a) for d, a in expected.items()
    }

    seen = Counter()
    for transaction in transactions:
        for delta in seen_deltas(transaction):
            seen[(delta.key, delta.attribute)] += delta.amount
    assert stored_counters(dynamodb) == seen

    # The slow path computes the same from the items, and finds the poison records unreadable.
    items = DayItems(dynamodb, TABLE, "flagged-index", "pending-index", "day-index", SHARDS)
    aggregates = AggregatesTable(dynamodb, AGGREGATES_TABLE, AGGREGATE_SHARDS)
    rebuild = DayRebuild(dynamodb, TABLE, items, aggregates, progress=lambda line: None)
    unreadable = 0
    for day in sorted({*days, day_of(MIDNIGHT)}):
        result = rebuild.run(day)
        assert result.analysed == (expected[day].analysed if day in expected else 0) and result.pending == 0
        unreadable += result.unreadable
    assert unreadable == len(poison)
    assert {d: summary(a) for d, a in stored_days(dynamodb, days).items()} == {
        d: summary(a) for d, a in expected.items()
    }


@st.composite
def label_histories(draw):
    return draw(
        st.lists(
            st.tuples(st.integers(0, 2), st.booleans(), st.sampled_from(["chargeback", "investigation", "customer"])),
            min_size=1,
            max_size=8,
        )
    )


@PROPERTY
@given(label_histories())
def test_label_counters_equal_the_final_labels(processor, moto_endpoint, history):
    dynamodb, _ = fresh_tables(moto_endpoint)
    ids = []
    for n in range(3):
        body = {"transactionId": f"l-{n}", "customerId": "c", "amount": 5, "currency": "EUR", "terminalId": "T-1"}
        assert call_api(processor, api_event("POST", "/transactions", json.dumps(body))).status == 201
        ids.append(body["transactionId"])
    final = {}
    for index, fraud, source in history:
        for _ in range(2):  # every request sent twice: a client retry
            reply = call_api(
                processor,
                api_event("PUT", f"/transactions/{ids[index]}/label", json.dumps({"fraud": fraud, "source": source})),
            )
            assert reply.status == 200, reply.text
        final[ids[index]] = reply.json
    frauds = sum(value for (key, name), value in stored_counters(dynamodb).items() if name.startswith("f"))
    assert frauds == sum(label["fraud"] and not label["explainedByCard"] for label in final.values())
    for transaction_id, label in final.items():
        shown = call_api(processor, api_event("GET", f"/transactions/{transaction_id}")).json["label"]
        assert shown == label
        if label["fraud"]:  # counted on the day its fraud became known
            day = "f" + label["fraudKnownSince"][:10].replace("-", "")
            assert stored_counters(dynamodb)[("terminal#T-1", day)] >= 1
