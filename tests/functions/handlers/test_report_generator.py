"""The daily report over moto: a day of items spread over the 16 day-index shards, with neighbours on either side."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from aws_calls import AwsCallCounter
from lambda_events import LambdaContext, scheduled_event
from moto_resources import BUCKET, SHARDS, put_transactions
from sample_transactions import DAY_MS, day_start_ms, synthetic_day

from fraud_domain.report_request import InvalidReportRequest
from fraud_domain.sharding import day_shard

DAY = date(2024, 5, 1)
JSON_KEY = "reports/2024/05/01/fraud-report.json"
CSV_KEY = "reports/2024/05/01/flagged-transactions.csv"


@pytest.fixture
def day_of_data(aws):
    """400 transactions on DAY, plus the day before and after, including the last and first millisecond of each."""
    on_day = synthetic_day(DAY, 400)
    edges = [
        replace(on_day[0], transaction_id="before-edge", timestamp=day_start_ms(DAY) - 1),
        replace(on_day[1], transaction_id="after-edge", timestamp=day_start_ms(DAY) + DAY_MS),
        replace(on_day[2], transaction_id="first-ms", timestamp=day_start_ms(DAY)),
        replace(on_day[3], transaction_id="last-ms", timestamp=day_start_ms(DAY) + DAY_MS - 1),
    ]
    neighbours = synthetic_day(DAY - timedelta(days=1), 60) + synthetic_day(DAY + timedelta(days=1), 60)
    put_transactions(aws.dynamodb, on_day + edges + neighbours)
    return on_day + edges[2:]


def run(reporter, event):
    return reporter.handler(event, LambdaContext())


def read(aws, key: str) -> bytes:
    return aws.s3.get_object(Bucket=BUCKET, Key=key)["Body"].read()


def test_a_day_across_all_shards_is_reported_from_the_day_index_only(reporter, aws, day_of_data):
    assert {day_shard(t.transaction_id, t.timestamp, SHARDS) for t in day_of_data} == {
        f"2024-05-01#{k}" for k in range(SHARDS)
    }
    with AwsCallCounter(reporter.transactions.client, reporter.bucket.client) as counter:
        outcome = run(reporter, {"date": "2024-05-01"})

    flagged = [t for t in day_of_data if t.analysis and t.analysis.risk_level != "LOW"]
    assert outcome == {
        "reportDate": "2024-05-01",
        "transactions": len(day_of_data),
        "flagged": len(flagged),
        "reportKey": JSON_KEY,
        "flaggedCsvKey": CSV_KEY,
    }
    assert counter.items_read == len(day_of_data)  # nothing of the neighbouring days
    assert counter.of("dynamodb") == {"Query": SHARDS}  # one page per shard at this size; never a Scan
    assert counter.of("s3") == {"PutObject": 2}

    summary = json.loads(read(aws, JSON_KEY), parse_float=Decimal)
    analysed = [t for t in day_of_data if t.analysis]
    assert summary["totals"] == {
        "transactions": len(day_of_data),
        "analysed": len(analysed),
        "pendingAnalysis": len(day_of_data) - len(analysed),
        "unreadableItems": 0,
    }
    for currency in ("USD", "EUR", "JPY"):
        mine = [t for t in day_of_data if t.currency == currency]
        assert summary["byCurrency"][currency] == {"transactions": len(mine), "amount": sum(t.amount for t in mine)}
    assert summary["flagged"]["transactions"] == len(flagged)
    assert summary["flagged"]["rate"] == round(Decimal(len(flagged)) / len(analysed), 6)
    assert summary["riskLevels"] == dict(
        sorted(
            Counter(str(t.analysis.risk_level) for t in analysed).items(),
            key=lambda kv: ["LOW", "MEDIUM", "HIGH"].index(kv[0]),
        )
    )
    assert sum(h["transactions"] for h in summary["hourlyVolume"]) == len(day_of_data)
    assert summary["hourlyVolume"][0]["transactions"] >= 1 and summary["hourlyVolume"][23]["transactions"] >= 1
    top = summary["topCustomers"]["USD"]
    assert [c["flaggedAmount"] for c in top] == sorted((c["flaggedAmount"] for c in top), reverse=True)
    assert len(top) <= 10 and summary["topReasons"][0]["transactions"] >= summary["topReasons"][-1]["transactions"]

    rows = list(csv.DictReader(io.StringIO(read(aws, CSV_KEY).decode())))
    assert sorted(r["transactionId"] for r in rows) == sorted(t.transaction_id for t in flagged)
    for key, content_type in ((JSON_KEY, "application/json"), (CSV_KEY, "text/csv; charset=utf-8")):
        head = aws.s3.head_object(Bucket=BUCKET, Key=key)
        assert head["ServerSideEncryption"] == "AES256" and head["ContentType"] == content_type


def test_a_rerun_writes_the_same_bytes(reporter, aws, day_of_data):
    run(reporter, {"date": "2024-05-01"})
    first = read(aws, JSON_KEY), read(aws, CSV_KEY)
    run(reporter, {"date": "2024-05-01"})
    assert (read(aws, JSON_KEY), read(aws, CSV_KEY)) == first


def test_the_schedule_reports_the_previous_utc_day(reporter, aws, day_of_data):
    outcome = run(reporter, scheduled_event("2024-05-02T00:05:00Z"))
    assert outcome["reportDate"] == "2024-05-01" and outcome["transactions"] == len(day_of_data)
    assert json.loads(read(aws, JSON_KEY))["reportDate"] == "2024-05-01"


@pytest.mark.parametrize("event", [{"date": "2024-02-30"}, {"date": "tomorrow"}, {"date": "2999-01-01"}, {"day": 1}])
def test_a_bad_date_is_a_clear_error_and_nothing_is_read_or_written(reporter, aws, event):
    with AwsCallCounter(reporter.transactions.client, reporter.bucket.client) as counter:
        with pytest.raises(InvalidReportRequest):
            run(reporter, event)
    assert counter.calls == {}
    assert aws.s3.list_objects_v2(Bucket=BUCKET)["KeyCount"] == 0


def test_a_day_without_transactions_still_gets_a_report(reporter, aws):
    assert run(reporter, {"date": "2024-05-01"})["transactions"] == 0
    assert json.loads(read(aws, JSON_KEY))["totals"]["transactions"] == 0
    assert read(aws, CSV_KEY).decode().count("\n") == 1  # the header only


def test_an_unreadable_item_is_counted_not_fatal(reporter, aws):
    put_transactions(aws.dynamodb, synthetic_day(DAY, 5))
    aws.dynamodb.put_item(
        TableName="transactions-test",
        Item={
            "transactionId": {"S": "junk"},
            "timestamp": {"N": str(day_start_ms(DAY))},
            "dayShard": {"S": "2024-05-01#3"},
        },
    )
    assert run(reporter, {"date": "2024-05-01"})["transactions"] == 5
    assert json.loads(read(aws, JSON_KEY))["totals"]["unreadableItems"] == 1
