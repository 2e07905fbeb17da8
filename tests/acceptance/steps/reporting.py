"""Steps about the daily fraud report in the reports bucket (need the emulator: tagged @emulator)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from pytest_bdd import given, parsers, then, when

from tests.acceptance.steps.transactions_api import Exchange, transaction
from tests.acceptance.target import Target


@pytest.fixture
def report_day() -> str:
    return datetime.now(UTC).date().isoformat()


def report_prefix(day: str) -> str:
    return "reports/" + day.replace("-", "/")


@given(parsers.parse("{count:d} transactions submitted for the report day"))
def submitted_for_the_day(exchange: Exchange, count: int) -> None:
    for index in range(count):
        body = transaction(f"cust-report-{index}", f"{20 + index}.00", "EUR", country="DE", channel="POS")
        assert exchange.post(body).status == 201, exchange.reply.text


@when("the daily report is generated for the report day", target_fixture="report_result")
def generate_report(target: Target, report_day: str) -> dict:
    return target.system.run_report(report_day)


def bucket_object(target: Target, key: str) -> dict:
    # The bucket is the one the program gives the report generator, as in AWS.
    schedule_target = target.system.topology.schedules[0].function_name
    bucket = target.system.topology.function(schedule_target).environment["BUCKET_NAME"]
    return target.system.client("s3").get_object(Bucket=bucket, Key=key)


@then("the report for the report day is in the reports bucket", target_fixture="report_object")
def report_in_bucket(target: Target, report_day: str, report_result: dict) -> dict:
    key = f"{report_prefix(report_day)}/fraud-report.json"
    assert report_result["reportKey"] == key
    stored = bucket_object(target, key)
    return {"encryption": stored.get("ServerSideEncryption"), "body": json.loads(stored["Body"].read())}


@then(parsers.parse('the report object is encrypted with "{algorithm}"'))
def report_encrypted(report_object: dict, algorithm: str) -> None:
    assert report_object["encryption"] == algorithm


@then(parsers.parse("the report counts at least {count:d} transactions"))
def report_counts(report_object: dict, report_day: str, count: int) -> None:
    body = report_object["body"]
    assert body["reportDate"] == report_day
    assert body["totals"]["transactions"] >= count
    assert sum(hour["transactions"] for hour in body["hourlyVolume"]) == body["totals"]["transactions"]


@then("the flagged transactions CSV for the report day is in the reports bucket")
def flagged_csv(target: Target, report_day: str) -> None:
    stored = bucket_object(target, f"{report_prefix(report_day)}/flagged-transactions.csv")
    header = stored["Body"].read().decode().splitlines()[0]
    assert header.startswith("transactionId,") and stored["ServerSideEncryption"] == "AES256"
