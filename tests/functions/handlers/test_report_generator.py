"""The daily report over moto: a day written through the analyzer's write path across all shards, with neighbours.

The report reads the day's aggregate shards, its flagged items and the items still pending, never an analysed
unflagged one; and it writes, byte for byte, what today's fold of every item of the day writes.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import boto3
import pytest
from aws_calls import AwsCallCounter
from lambda_events import LambdaContext, scheduled_event
from moto_resources import BUCKET, SHARDS, TABLE, Aws, create_resources, put_transactions, reset
from sample_transactions import DAY_MS, day_start_ms, synthetic_day
from todays_report import build_daily_report, flagged_csv
from write_path import seed

from fraud_domain.json_codec import dumps
from fraud_domain.report_request import InvalidReportRequest
from fraud_domain.sharding import day_shard

DAY = date(2024, 5, 1)
JSON_KEY = "reports/2024/05/01/fraud-report.json"
CSV_KEY = "reports/2024/05/01/flagged-transactions.csv"
QUIET = date(2024, 6, 1)  # days the other tests write their own data to, in the same tables


@pytest.fixture(scope="module")
def world(function_env, moto_endpoint):
    """One set of tables for the module (writing a day through the analyzer's path takes seconds on moto): DAY with
    250 transactions (about 10 % still pending), its first and last millisecond, and its neighbours."""
    reset(moto_endpoint)
    dynamodb, s3 = boto3.client("dynamodb", region_name="us-east-2"), boto3.client("s3", region_name="us-east-2")
    stream_arn = create_resources(dynamodb, s3)
    on_day = synthetic_day(DAY, 250)
    edges = [
        replace(on_day[0], transaction_id="before-edge", timestamp=day_start_ms(DAY) - 1),
        replace(on_day[1], transaction_id="after-edge", timestamp=day_start_ms(DAY) + DAY_MS),
        replace(on_day[2], transaction_id="first-ms", timestamp=day_start_ms(DAY)),
        replace(on_day[3], transaction_id="last-ms", timestamp=day_start_ms(DAY) + DAY_MS - 1),
    ]
    neighbours = synthetic_day(DAY - timedelta(days=1), 25) + synthetic_day(DAY + timedelta(days=1), 25)
    seed(dynamodb, on_day + edges + neighbours)
    return Aws(dynamodb, s3, boto3.client("dynamodbstreams", region_name="us-east-2"), stream_arn), on_day + edges[2:]


@pytest.fixture
def aws(world):
    return world[0]


@pytest.fixture
def reporter(world):
    import report_generator

    return report_generator


@pytest.fixture
def day_of_data(world):
    return world[1]


def at(day: date) -> tuple[str, str]:
    prefix = f"reports/{day:%Y/%m/%d}"
    return f"{prefix}/fraud-report.json", f"{prefix}/flagged-transactions.csv"


def run(reporter, event):
    return reporter.handler(event, LambdaContext())


def read(aws, key: str) -> bytes:
    return aws.s3.get_object(Bucket=BUCKET, Key=key)["Body"].read()


def counting(reporter) -> AwsCallCounter:
    return AwsCallCounter(reporter.dynamodb, reporter.bucket.client)


def is_flagged(t) -> bool:
    return t.analysis is not None and t.analysis.risk_level.is_flagged


def test_the_report_reads_aggregates_flagged_and_pending_items_only(reporter, aws, day_of_data):
    assert {day_shard(t.transaction_id, t.timestamp, SHARDS) for t in day_of_data} == {
        f"2024-05-01#{k}" for k in range(SHARDS)
    }
    with counting(reporter) as counter:
        outcome = run(reporter, {"date": "2024-05-01"})

    flagged = {t.transaction_id for t in day_of_data if is_flagged(t)}
    pending = {t.transaction_id for t in day_of_data if t.analysis is None}
    shards = {key for key in counter.keys_read if key.startswith("day#2024-05-01#")}
    assert outcome == {
        "reportDate": "2024-05-01",
        "transactions": len(day_of_data),
        "flagged": len(flagged),
        "pending": len(pending),
        "reportKey": JSON_KEY,
        "flaggedCsvKey": CSV_KEY,
    }
    # Every item read is an aggregate shard of the day, a flagged or a pending transaction of the day, once.
    assert sorted(counter.keys_read) == sorted(shards | flagged | pending)
    assert counter.items_read == len(shards) + len(flagged) + len(pending)
    assert 1 <= len(shards) <= 5  # 4 commits of up to 97 analyses (and the neighbour days) wrote the day
    dynamodb = counter.of("dynamodb")
    assert dynamodb.get("Scan") is None and dynamodb["BatchGetItem"] == 1
    assert dynamodb["Query"] >= 2 * SHARDS  # every shard of both sparse indexes, page by page
    assert counter.of("s3") == {"PutObject": 2}
    for key, content_type in ((JSON_KEY, "application/json"), (CSV_KEY, "text/csv; charset=utf-8")):
        head = aws.s3.head_object(Bucket=BUCKET, Key=key)
        assert head["ServerSideEncryption"] == "AES256" and head["ContentType"] == content_type


def test_the_same_bytes_as_todays_fold_of_every_item(reporter, aws, day_of_data):
    run(reporter, {"date": "2024-05-01"})
    today = build_daily_report(DAY, day_of_data)
    assert read(aws, JSON_KEY) == dumps(today.summary).encode()
    assert read(aws, CSV_KEY) == flagged_csv(today).encode()
    summary = json.loads(read(aws, JSON_KEY), parse_float=Decimal)
    assert summary["totals"]["pendingAnalysis"] == sum(t.analysis is None for t in day_of_data) > 0


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
    before = aws.s3.list_objects_v2(Bucket=BUCKET).get("KeyCount")
    with counting(reporter) as counter:
        with pytest.raises(InvalidReportRequest):
            run(reporter, event)
    assert counter.calls == {}
    assert aws.s3.list_objects_v2(Bucket=BUCKET).get("KeyCount") == before


def test_a_day_without_transactions_still_gets_a_report(reporter, aws):
    empty = date(2024, 7, 1)
    assert run(reporter, {"date": empty.isoformat()})["transactions"] == 0
    summary_key, csv_key = at(empty)
    assert read(aws, summary_key) == dumps(build_daily_report(empty, []).summary).encode()
    assert read(aws, csv_key).decode().count("\n") == 1  # the header only


def test_a_day_whose_stream_is_behind_is_reported_as_it_stands(reporter, aws):
    behind = date(2024, 8, 1)
    received = synthetic_day(behind, 30)
    put_transactions(aws.dynamodb, [replace(t, analysis=None, status="RECEIVED") for t in received])
    outcome = run(reporter, {"date": behind.isoformat()})
    assert (outcome["transactions"], outcome["pending"], outcome["flagged"]) == (30, 30, 0)
    document = json.loads(read(aws, at(behind)[0]))
    assert document["totals"] == {"transactions": 30, "analysed": 0, "pendingAnalysis": 30, "unreadableItems": 0}


def test_an_unreadable_pending_item_is_counted_not_fatal(reporter, aws):
    seed(aws.dynamodb, synthetic_day(QUIET, 5))
    aws.dynamodb.put_item(
        TableName=TABLE,
        Item={
            "transactionId": {"S": "junk"},
            "timestamp": {"N": str(day_start_ms(QUIET))},
            "dayShard": {"S": "2024-06-01#3"},
            "pendingShard": {"S": "2024-06-01#3"},
        },
    )
    assert run(reporter, {"date": QUIET.isoformat()})["transactions"] == 5
    assert json.loads(read(aws, at(QUIET)[0]))["totals"]["unreadableItems"] == 1


def test_a_long_csv_is_uploaded_in_parts(reporter, aws, day_of_data, monkeypatch):
    import moto.s3.models

    monkeypatch.setattr(moto.s3.models, "S3_UPLOAD_PART_MIN_SIZE", 256)  # AWS: 5 MiB; the function uses 8 MiB
    monkeypatch.setattr(reporter.bucket, "part_bytes", 1024)
    with counting(reporter) as counter:
        run(reporter, {"date": "2024-05-01"})
    parts = counter.of("s3")["UploadPart"]
    assert parts >= 5 and counter.of("s3")["CompleteMultipartUpload"] == 1
    rows = list(csv.DictReader(io.StringIO(read(aws, CSV_KEY).decode())))
    assert [r["transactionId"] for r in rows] == [
        t.transaction_id for t in sorted(day_of_data, key=lambda t: (t.timestamp, t.transaction_id)) if is_flagged(t)
    ]
    assert aws.s3.head_object(Bucket=BUCKET, Key=CSV_KEY)["ServerSideEncryption"] == "AES256"


def test_a_failed_upload_is_aborted_and_leaves_no_report(reporter, aws, day_of_data, monkeypatch):
    import moto.s3.models

    monkeypatch.setattr(moto.s3.models, "S3_UPLOAD_PART_MIN_SIZE", 256)
    monkeypatch.setattr(reporter.bucket, "part_bytes", 1024)
    rows = iter(range(10**6))

    def failing_after_some_rows(transaction):
        if next(rows) == 5:
            raise ConnectionError("DynamoDB went away")
        return original(transaction)

    original = reporter.from_item
    monkeypatch.setattr(reporter, "from_item", failing_after_some_rows)
    failing = DAY - timedelta(days=1)
    with pytest.raises(ConnectionError):
        run(reporter, {"date": failing.isoformat()})
    assert aws.s3.list_objects_v2(Bucket=BUCKET, Prefix="reports/2024/04/30/").get("KeyCount") == 0
    assert aws.s3.list_multipart_uploads(Bucket=BUCKET).get("Uploads", []) == []
