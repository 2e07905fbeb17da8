"""The stream consumer: records read from moto's real DynamoDB stream, delivered in Lambda's event shape."""

from __future__ import annotations

import json
import math
from decimal import Decimal

import pytest
from aws_calls import AwsCallCounter
from botocore.exceptions import ClientError
from lambda_events import LambdaContext, api_event, call_api, stream_event
from moto_resources import AGGREGATE_SHARDS, AGGREGATES_TABLE, BUCKET, TABLE

from fraud_domain.day_aggregates import DayAggregate, aggregate_keys
from fraud_domain.scoring_config import DEFAULT_SCORING
from fraud_domain.sharding import day_of
from fraud_domain.transaction import Transaction

T0 = 1714564800000  # 2024-05-01T12:00:00Z
DAY_MS = 86_400_000


def transaction(n: int, customer: str, amount: str, at: int, currency: str = "USD", **place: str) -> Transaction:
    return Transaction(
        f"t-{customer}-{n}", customer, Decimal(amount), currency, at, "2024-05-01T12:00:00.000Z", **place
    )


def insert_all(analyzer, transactions: list[Transaction]) -> None:
    for t in transactions:
        analyzer.transactions.insert(t)


def analyse(analyzer, records: list[dict]) -> dict:
    return analyzer.handler(stream_event(records), LambdaContext())


def item(aws, t: Transaction) -> dict:
    key = {"transactionId": {"S": t.transaction_id}, "timestamp": {"N": str(t.timestamp)}}
    return aws.dynamodb.get_item(TableName=TABLE, Key=key)["Item"]


def day_totals(aws, day) -> DayAggregate:
    """The day's aggregates as the report reads them: every shard summed."""
    keys = [{"pk": {"S": key}} for key in aggregate_keys(day, AGGREGATE_SHARDS)]
    found = aws.dynamodb.batch_get_item(RequestItems={AGGREGATES_TABLE: {"Keys": keys}})["Responses"][AGGREGATES_TABLE]
    total = DayAggregate()
    for raw in found:
        total.merge(DayAggregate.from_attributes(plain(raw)))
    return total


def stored_counter(aws, key: str) -> dict:
    item = aws.dynamodb.get_item(TableName=AGGREGATES_TABLE, Key={"pk": {"S": key}}).get("Item", {})
    return {name: value for name, value in plain(item).items() if name != "pk"}


def plain(item: dict) -> dict:
    from boto3.dynamodb.types import TypeDeserializer

    return {name: TypeDeserializer().deserialize(value) for name, value in item.items()}


def emf_documents(text: str) -> list[dict]:
    return [doc for line in text.splitlines() if line.startswith("{") and "_aws" in (doc := json.loads(line))]


HABIT = ["60", "62", "63", "64", "65.10", "65.10", "66", "67", "68", "70"]  # median 65.10


def test_post_then_stream_then_get_shows_the_analysis(processor, analyzer, aws):
    stream = aws.stream()
    body = {"transactionId": "txn-e2e", "customerId": "cust-1", "amount": 42.5, "currency": "EUR"}
    assert call_api(processor, api_event("POST", "/transactions", json.dumps(body))).status == 201

    records = stream.new_records()
    assert [r["eventName"] for r in records] == ["INSERT"]
    assert analyse(analyzer, records) == {"batchItemFailures": []}

    shown = call_api(processor, api_event("GET", "/transactions/txn-e2e")).json
    assert shown["status"] == "ANALYZED" and shown["fraudScore"] == 0 and shown["riskLevel"] == "LOW"
    assert shown["reasons"] == [] and shown["analyzedAt"].endswith("Z")
    assert aws.s3.list_objects_v2(Bucket=BUCKET)["KeyCount"] == 0


def test_a_high_risk_transaction_is_explained_and_alerted(analyzer, aws):
    stream = aws.stream()
    insert_all(analyzer, [transaction(i, "c-h", a, T0 - (i + 1) * DAY_MS) for i, a in enumerate(HABIT)])
    assert analyse(analyzer, stream.new_records()) == {"batchItemFailures": []}

    big = transaction(99, "c-h", "5000.00", T0)
    insert_all(analyzer, [big])
    with AwsCallCounter(analyzer.transactions.client, analyzer.bucket.client) as counter:
        assert analyse(analyzer, stream.new_records()) == {"batchItemFailures": []}
    assert counter.calls == {"dynamodb:Query": 1, "dynamodb:TransactWriteItems": 1, "s3:PutObject": 1}

    stored = item(aws, big)
    assert stored["status"] == {"S": "ANALYZED"} and stored["riskLevel"] == {"S": "HIGH"}
    # 5000 is 4.5 doublings of 220 (4 counted) and 76.8 x the median (1 rise, steep, 3 steep_rise counted)
    high, history = DEFAULT_SCORING.weights["HIGH_AMOUNT"], DEFAULT_SCORING.weights["AMOUNT_VS_HISTORY"]
    high_points = math.floor(high["fired"] + 4 * high["doublings"] + 0.5)
    history_points = math.floor(history["rise"] + history["steep"] + 3 * history["steep_rise"] + 0.5)
    points = [(r["M"]["rule"]["S"], int(r["M"]["points"]["N"])) for r in stored["reasons"]["L"]]
    assert points == [("HIGH_AMOUNT", high_points), ("AMOUNT_VS_HISTORY", history_points)]
    assert stored["fraudScore"] == {"N": str(min(100, high_points + history_points))}
    details = [reason["M"]["detail"]["S"] for reason in stored["reasons"]["L"]]
    assert details == [
        "amount 5000.00 USD is at or above the high-amount threshold of 220.00 USD "
        f"[{high['fired']:g} fired + {high['doublings']:g} x 4 doublings = {high_points} points]",
        "amount 5000.00 is 76.80 x the customer's 30-day median of 65.10 (10 USD transactions) "
        f"[{history['rise']:g} rise + {history['steep']:g} steep + {history['steep_rise']:g} x 3 steep_rise "
        f"= {history_points} points]",
    ]

    key = "alerts/2024/05/01/t-c-h-99.json"
    head = aws.s3.head_object(Bucket=BUCKET, Key=key)
    assert head["ServerSideEncryption"] == "AES256" and head["ContentType"] == "application/json"
    alert = json.loads(aws.s3.get_object(Bucket=BUCKET, Key=key)["Body"].read(), parse_float=Decimal)
    assert alert["alertType"] == "HIGH_RISK_TRANSACTION" and alert["riskLevel"] == "HIGH"
    assert alert["transaction"]["amount"] == Decimal("5000.00") and alert["fraudScore"] == min(
        100, high_points + history_points
    )
    assert [r["rule"] for r in alert["reasons"]] == ["HIGH_AMOUNT", "AMOUNT_VS_HISTORY"]


def test_a_low_risk_transaction_costs_one_query_and_one_commit(analyzer, aws):
    stream = aws.stream()
    insert_all(analyzer, [transaction(1, "c-l", "20.00", T0)])
    with AwsCallCounter(analyzer.transactions.client, analyzer.bucket.client) as counter:
        assert analyse(analyzer, stream.new_records()) == {"batchItemFailures": []}
    assert counter.calls == {"dynamodb:Query": 1, "dynamodb:TransactWriteItems": 1}


def test_a_batch_reads_its_counters_once_and_commits_in_few_writes(analyzer, aws):
    stream = aws.stream()
    batch = [
        transaction(i, f"c-b{i % 7}", "20.00", T0 + i, terminal_id=f"T-{i % 5}", merchant_id="M-1") for i in range(24)
    ]
    insert_all(analyzer, batch)
    with AwsCallCounter(analyzer.transactions.client, analyzer.bucket.client) as counter:
        assert analyse(analyzer, stream.new_records()) == {"batchItemFailures": []}
    # 24 item updates + 1 day + 5 terminals + 1 merchant = 31 actions: one transaction; 6 counter keys: one read.
    assert counter.calls == {"dynamodb:Query": 24, "dynamodb:BatchGetItem": 1, "dynamodb:TransactWriteItems": 1}
    assert stored_counter(aws, "merchant#M-1") == {"n20240501": 24}
    assert stored_counter(aws, "terminal#T-3") == {"n20240501": 5}
    assert day_totals(aws, day_of(T0)).analysed == 24


def test_an_analysis_and_its_counts_are_one_write(analyzer, aws):
    stream = aws.stream()
    flagged = transaction(1, "c-f", "1200.00", T0, terminal_id="T-9")
    insert_all(analyzer, [flagged, transaction(2, "c-g", "10.50", T0 + 1)])
    analyse(analyzer, stream.new_records())
    stored = item(aws, flagged)
    assert stored["flaggedShard"]["S"].startswith("2024-05-01#") and "pendingShard" not in stored
    assert "flaggedShard" not in item(aws, transaction(2, "c-g", "10.50", T0 + 1))
    totals = day_totals(aws, day_of(T0))
    assert (totals.analysed, totals.hourly[12]) == (2, 2)
    assert totals.by_currency["USD"].exact_amount() == Decimal("1210.50")
    assert stored_counter(aws, "terminal#T-9") == {"n20240501": 1}


def test_a_poison_record_fails_alone(analyzer, aws):
    stream = aws.stream()
    good = [transaction(i, "c-p", "10.00", T0 + i) for i in range(3)]
    insert_all(analyzer, good[:2])
    poison = {"transactionId": {"S": "t-poison"}, "timestamp": {"N": str(T0)}, "customerId": {"S": "c-p"}}
    aws.dynamodb.put_item(TableName=TABLE, Item=poison | {"amount": {"S": "abc"}, "status": {"S": "RECEIVED"}})
    insert_all(analyzer, good[2:])

    records = stream.new_records()
    # The poison item is also in the customer's history of the good ones: skipped there, not fatal.
    poison_sequence = records[2]["dynamodb"]["SequenceNumber"]
    assert analyse(analyzer, records) == {"batchItemFailures": [{"itemIdentifier": poison_sequence}]}
    assert all(item(aws, t)["status"] == {"S": "ANALYZED"} for t in good)
    untouched = aws.dynamodb.get_item(TableName=TABLE, Key={k: poison[k] for k in ("transactionId", "timestamp")})
    assert "fraudScore" not in untouched["Item"]


def test_malformed_records_are_reported_even_when_the_whole_batch_is_bad(analyzer, aws):
    stream = aws.stream()
    insert_all(analyzer, [transaction(1, "c-m", "10.00", T0), transaction(2, "c-m", "11.00", T0 + 1)])
    records = stream.new_records()
    no_image = json.loads(json.dumps(records[0]))
    del no_image["dynamodb"]["NewImage"]
    unknown_event = json.loads(json.dumps(records[1])) | {"eventName": "TRUNCATE"}

    response = analyse(analyzer, [no_image, unknown_event])
    sequences = [r["dynamodb"]["SequenceNumber"] for r in records]
    assert response == {"batchItemFailures": [{"itemIdentifier": s} for s in sequences]}


def test_a_failed_record_is_retried_and_nothing_is_applied_twice(analyzer, aws, monkeypatch, capsys):
    stream = aws.stream()
    batch = [transaction(i, f"c-r{i}", "15.00", T0 + i, terminal_id="T-r") for i in range(3)]
    insert_all(analyzer, batch)
    records = stream.new_records()

    class ThrottledOnce:
        def __getattr__(self, name):
            return getattr(real, name)

        def customer_history(self, customer_id, *window):
            if customer_id == batch[1].customer_id:
                raise ConnectionError("throttled")
            return real.customer_history(customer_id, *window)

    real = analyzer.transactions
    monkeypatch.setattr(analyzer, "transactions", ThrottledOnce())
    failed = records[1]["dynamodb"]["SequenceNumber"]
    assert analyse(analyzer, records) == {"batchItemFailures": [{"itemIdentifier": failed}]}
    first_pass = {t.transaction_id: item(aws, t) for t in (batch[0], batch[2])}
    assert item(aws, batch[1])["status"] == {"S": "RECEIVED"}
    monkeypatch.setattr(analyzer, "transactions", real)

    capsys.readouterr()
    assert analyse(analyzer, records) == {"batchItemFailures": []}  # Lambda redelivers from the failed record
    assert all(item(aws, t) == first_pass[t.transaction_id] for t in (batch[0], batch[2]))
    assert item(aws, batch[1])["status"] == {"S": "ANALYZED"}
    [main] = [d for d in emf_documents(capsys.readouterr().out) if "TransactionsAnalysed" in d]
    assert main["TransactionsAnalysed"] == [1.0]  # only the retried record was applied
    assert day_totals(aws, day_of(T0)).analysed == 3 and stored_counter(aws, "terminal#T-r") == {"n20240501": 3}


def test_a_crash_between_two_commits_loses_and_doubles_nothing(analyzer, aws, monkeypatch):
    stream = aws.stream()
    batch = [transaction(i, f"c-k{i}", "1.25", T0 + i, terminal_id=f"T-k{i}") for i in range(9)]
    insert_all(analyzer, batch)
    records = stream.new_records()
    monkeypatch.setattr(analyzer.writer, "max_actions", 8)  # 3 transactions + 1 day + 3 terminals a commit
    real = analyzer.writer.client.transact_write_items
    calls = []

    def crash_after_the_first(**request):
        calls.append(request)
        if len(calls) == 2:
            raise SystemExit("the function timed out")  # not an AWS error: the invocation dies here
        return real(**request)

    monkeypatch.setattr(analyzer.writer.client, "transact_write_items", crash_after_the_first)
    with pytest.raises(SystemExit):
        analyse(analyzer, records)
    assert day_totals(aws, day_of(T0)).analysed == 3  # the first commit, whole

    monkeypatch.setattr(analyzer.writer.client, "transact_write_items", real)
    assert analyse(analyzer, records) == {"batchItemFailures": []}  # Lambda runs the batch again
    assert analyse(analyzer, records[4:]) == {"batchItemFailures": []}  # and a bisected half, once more
    totals = day_totals(aws, day_of(T0))
    assert totals.analysed == 9 and totals.by_currency["USD"].exact_amount() == Decimal("11.25")
    assert all(stored_counter(aws, f"terminal#T-k{i}") == {"n20240501": 1} for i in range(9))


def test_a_commit_that_keeps_conflicting_fails_its_records_for_lambda_to_retry(analyzer, aws, monkeypatch):
    stream = aws.stream()
    insert_all(analyzer, [transaction(1, "c-c", "3.00", T0), transaction(2, "c-d", "4.00", T0 + 1)])
    records = stream.new_records()
    conflict = ClientError(
        {
            "Error": {"Code": "TransactionCanceledException", "Message": "conflict"},
            "CancellationReasons": [{"Code": "None"}, {"Code": "TransactionConflict"}, {"Code": "None"}],
        },
        "TransactWriteItems",
    )
    attempts = []

    def always_conflicting(**request):
        attempts.append({a["Update"]["Key"].get("pk", {}).get("S") for a in request["TransactItems"]} - {None})
        raise conflict

    monkeypatch.setattr(analyzer.writer, "sleep", lambda seconds: None)
    monkeypatch.setattr(analyzer.writer.client, "transact_write_items", always_conflicting)
    response = analyse(analyzer, records)
    assert response == {"batchItemFailures": [{"itemIdentifier": r["dynamodb"]["SequenceNumber"]} for r in records]}
    assert len(attempts) == analyzer.writer.max_attempts
    assert len({shard for attempt in attempts for shard in attempt}) == len(attempts)  # another shard each time
    assert item(aws, transaction(1, "c-c", "3.00", T0))["status"] == {"S": "RECEIVED"}


def test_its_own_modify_records_are_ignored(analyzer, aws):
    stream = aws.stream()
    insert_all(analyzer, [transaction(1, "c-x", "10.00", T0)])
    analyse(analyzer, stream.new_records())
    modifies = stream.new_records()
    assert [r["eventName"] for r in modifies] == ["MODIFY"]
    with AwsCallCounter(analyzer.transactions.client, analyzer.bucket.client) as counter:
        assert analyse(analyzer, modifies) == {"batchItemFailures": []}
    assert counter.calls == {}


def test_same_customer_records_of_the_batch_count_even_before_the_index_shows_them(analyzer, aws, monkeypatch):
    stream = aws.stream()
    tests = [transaction(i, "c-t", "1.00", T0 + i * 60_000) for i in range(4)]
    insert_all(analyzer, tests)
    records = stream.new_records()

    class LaggingIndex:  # the customer index is eventually consistent: it may not list the batch yet
        def __getattr__(self, name):
            return getattr(real, name)

        def customer_history(self, *args):
            return [], 0

    real = analyzer.transactions
    monkeypatch.setattr(analyzer, "transactions", LaggingIndex())
    assert analyse(analyzer, records) == {"batchItemFailures": []}
    last = item(aws, tests[3])
    assert "CARD_TESTING" in [r["M"]["rule"]["S"] for r in last["reasons"]["L"]]
    assert item(aws, tests[0])["reasons"]["L"] == []  # the first saw nothing before it


def test_metrics_count_analysed_flagged_and_flagged_by_reason(analyzer, aws, capsys):
    stream = aws.stream()
    insert_all(analyzer, [transaction(1, "c-n", "1200.00", T0), transaction(2, "c-o", "10.00", T0)])
    capsys.readouterr()
    analyse(analyzer, stream.new_records())
    documents = emf_documents(capsys.readouterr().out)

    [main] = [d for d in documents if "TransactionsAnalysed" in d]
    assert main["_aws"]["CloudWatchMetrics"][0]["Namespace"] == "FraudDetection"
    assert (main["TransactionsAnalysed"], main["TransactionsFlagged"], main["HighRiskAlerts"]) == ([2.0], [1.0], [1.0])
    by_reason = {d["reason"]: d["FlaggedByReason"] for d in documents if "FlaggedByReason" in d}
    assert by_reason == {"HIGH_AMOUNT": [1.0], "NEW_CUSTOMER_HIGH_AMOUNT": [1.0]}


def test_an_insert_that_is_already_analysed_is_skipped(analyzer, aws):
    stream = aws.stream()
    insert_all(analyzer, [transaction(1, "c-d", "10.00", T0)])
    records = stream.new_records()
    records[0]["dynamodb"]["NewImage"]["status"] = {"S": "ANALYZED"}  # e.g. restored from a backup
    with AwsCallCounter(analyzer.transactions.client) as counter:
        assert analyse(analyzer, records) == {"batchItemFailures": []}
    assert counter.calls == {}
