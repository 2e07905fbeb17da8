"""The stream consumer: records read from moto's real DynamoDB stream, delivered in Lambda's event shape."""

from __future__ import annotations

import json
from decimal import Decimal

from aws_calls import AwsCallCounter
from lambda_events import LambdaContext, api_event, call_api, stream_event
from moto_resources import BUCKET, TABLE

from fraud_domain.transaction import Transaction

T0 = 1714564800000  # 2024-05-01T12:00:00Z
DAY_MS = 86_400_000


def transaction(n: int, customer: str, amount: str, at: int, currency: str = "USD") -> Transaction:
    return Transaction(f"t-{customer}-{n}", customer, Decimal(amount), currency, at, "2024-05-01T12:00:00.000Z")


def insert_all(analyzer, transactions: list[Transaction]) -> None:
    for t in transactions:
        analyzer.transactions.insert(t)


def analyse(analyzer, records: list[dict]) -> dict:
    return analyzer.handler(stream_event(records), LambdaContext())


def item(aws, t: Transaction) -> dict:
    key = {"transactionId": {"S": t.transaction_id}, "timestamp": {"N": str(t.timestamp)}}
    return aws.dynamodb.get_item(TableName=TABLE, Key=key)["Item"]


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
    assert counter.calls == {"dynamodb:Query": 1, "dynamodb:UpdateItem": 1, "s3:PutObject": 1}

    stored = item(aws, big)
    assert stored["status"] == {"S": "ANALYZED"} and stored["riskLevel"] == {"S": "HIGH"}
    assert stored["fraudScore"] == {"N": "75"}
    details = [reason["M"]["detail"]["S"] for reason in stored["reasons"]["L"]]
    assert details == [
        "amount 5000.00 USD is at or above the high-amount threshold of 1000.00 USD",
        "amount 5000.00 is 76.8 x the customer's 30-day median of 65.10 (MAD 2.00, 10 USD transactions)",
    ]

    key = "alerts/2024/05/01/t-c-h-99.json"
    head = aws.s3.head_object(Bucket=BUCKET, Key=key)
    assert head["ServerSideEncryption"] == "AES256" and head["ContentType"] == "application/json"
    alert = json.loads(aws.s3.get_object(Bucket=BUCKET, Key=key)["Body"].read(), parse_float=Decimal)
    assert alert["alertType"] == "HIGH_RISK_TRANSACTION" and alert["riskLevel"] == "HIGH"
    assert alert["transaction"]["amount"] == Decimal("5000.00") and alert["fraudScore"] == 75
    assert [r["rule"] for r in alert["reasons"]] == ["HIGH_AMOUNT", "AMOUNT_VS_HISTORY"]


def test_a_low_risk_transaction_costs_one_query_and_one_update(analyzer, aws):
    stream = aws.stream()
    insert_all(analyzer, [transaction(1, "c-l", "20.00", T0)])
    with AwsCallCounter(analyzer.transactions.client, analyzer.bucket.client) as counter:
        assert analyse(analyzer, stream.new_records()) == {"batchItemFailures": []}
    assert counter.calls == {"dynamodb:Query": 1, "dynamodb:UpdateItem": 1}


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
    batch = [transaction(i, f"c-r{i}", "15.00", T0 + i) for i in range(3)]
    insert_all(analyzer, batch)
    records = stream.new_records()

    class ThrottledOnce:
        def __getattr__(self, name):
            return getattr(real, name)

        def record_analysis(self, t, analysis):
            if t.transaction_id == batch[1].transaction_id:
                raise ConnectionError("throttled")
            return real.record_analysis(t, analysis)

    real = analyzer.transactions
    monkeypatch.setattr(analyzer, "transactions", ThrottledOnce())
    failed = records[1]["dynamodb"]["SequenceNumber"]
    assert analyse(analyzer, records) == {"batchItemFailures": [{"itemIdentifier": failed}]}
    first_pass = {t.transaction_id: item(aws, t) for t in (batch[0], batch[2])}
    monkeypatch.setattr(analyzer, "transactions", real)

    capsys.readouterr()
    assert analyse(analyzer, records) == {"batchItemFailures": []}  # Lambda redelivers from the failed record
    assert all(item(aws, t) == first_pass[t.transaction_id] for t in (batch[0], batch[2]))
    assert item(aws, batch[1])["status"] == {"S": "ANALYZED"}
    [main] = [d for d in emf_documents(capsys.readouterr().out) if "TransactionsAnalysed" in d]
    assert main["TransactionsAnalysed"] == [1.0]  # only the retried record was applied


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
