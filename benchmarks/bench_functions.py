"""The functions' figures, measured against a moto server this script starts (no AWS account needed).

    .venv/bin/python benchmarks/bench_functions.py

1. AWS calls per POST /transactions (and per replay, per GET), counted with botocore's event hooks.
2. AWS calls per analysed transaction, LOW and HIGH risk.
3. Items read by one day's report with the table holding 1 day and then 10 days of data.
4. Import time (cold start) of each handler module, beside `import boto3`, in fresh interpreters.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import statistics
import subprocess
import sys
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FUNCTIONS = ROOT / "functions"
TEST_SUPPORT = ROOT / "tests" / "functions"  # event builders, resources, call counter shared with the tests
sys.path[:0] = [str(FUNCTIONS), str(TEST_SUPPORT)]

import boto3  # noqa: E402
from aws_calls import AwsCallCounter  # noqa: E402
from lambda_events import LambdaContext, api_event, call_api, stream_event  # noqa: E402
from moto_resources import (  # noqa: E402
    StreamReader,
    create_resources,
    function_environment,
    put_transactions,
    reset,
    start_server,
)
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402
from sample_transactions import synthetic_day  # noqa: E402

POSTS = 40
DAY_VOLUME = 300
REPORT_DAY = date(2024, 5, 10)
IMPORT_RUNS = 5
console = Console(width=110)


def fresh_resources(endpoint: str):
    reset(endpoint)
    dynamodb, s3 = boto3.client("dynamodb"), boto3.client("s3")
    stream_arn = create_resources(dynamodb, s3)
    return dynamodb, s3, boto3.client("dynamodbstreams"), stream_arn


def per_call(counter: AwsCallCounter, n: int) -> str:
    return ", ".join(f"{name} {count / n:g}" for name, count in sorted(counter.calls.items())) or "none"


def api_figures(processor) -> list[tuple[str, str, str]]:
    bodies = [
        {"transactionId": f"bench-{i}", "customerId": f"c-{i % 7}", "amount": 10 + i, "currency": "USD"}
        for i in range(POSTS)
    ]
    with AwsCallCounter(processor.dynamodb) as created:
        statuses = Counter(
            call_api(processor, api_event("POST", "/transactions", json.dumps(b))).status for b in bodies
        )
    assert statuses == {201: POSTS}, statuses
    with AwsCallCounter(processor.dynamodb) as replayed:
        for b in bodies:
            call_api(processor, api_event("POST", "/transactions", json.dumps(b)))
    with AwsCallCounter(processor.dynamodb) as read:
        for b in bodies:
            call_api(processor, api_event("GET", f"/transactions/{b['transactionId']}"))
    return [
        ("POST (new, 201)", per_call(created, POSTS), "<= 3 DynamoDB, no Scan"),
        ("POST (replay, 200)", per_call(replayed, POSTS), ""),
        ("GET /transactions/{id}", per_call(read, POSTS), "1 Query"),
    ]


def analyzer_figures(analyzer, processor, reader: StreamReader) -> list[tuple[str, str, str]]:
    """The API figures' transactions (LOW risk), then new customers spending 5000 USD (HIGH: alert)."""
    rows = [_analyse(analyzer, reader.new_records(), "analysed transaction (LOW)", "1 Query + 1 UpdateItem")]
    for i in range(10):
        body = {"transactionId": f"big-{i}", "customerId": f"new-{i}", "amount": 5000, "currency": "USD"}
        call_api(processor, api_event("POST", "/transactions", json.dumps(body)))
    high = reader.new_records()
    rows.append(_analyse(analyzer, high, "analysed transaction (HIGH)", "1 Query + 1 UpdateItem + 1 PutObject"))
    return rows


def _analyse(analyzer, records: list[dict], label: str, target: str) -> tuple[str, str, str]:
    # The event source mapping delivers INSERT records only; our own updates are MODIFY records.
    inserts = [r for r in records if r["eventName"] == "INSERT"]
    with AwsCallCounter(analyzer.transactions.client, analyzer.bucket.client) as counter:
        with contextlib.redirect_stdout(io.StringIO()):  # the EMF metric lines
            response = analyzer.handler(stream_event(inserts), LambdaContext())
    assert response == {"batchItemFailures": []}, response
    return label, per_call(counter, len(inserts)), target


def report_figures(reporter, dynamodb) -> list[tuple[str, str, str, str, str]]:
    rows = []
    put_transactions(dynamodb, synthetic_day(REPORT_DAY, DAY_VOLUME))
    stored_days = 1
    for days in (1, 10):
        for offset in range(stored_days, days):
            put_transactions(dynamodb, synthetic_day(REPORT_DAY - timedelta(days=offset), DAY_VOLUME))
        stored_days = days
        with AwsCallCounter(reporter.transactions.client, reporter.bucket.client) as counter:
            started = time.perf_counter()
            reporter.handler({"date": REPORT_DAY.isoformat()}, LambdaContext())
            seconds = time.perf_counter() - started
        calls = ", ".join(f"{name} {n}" for name, n in sorted(counter.calls.items()))
        rows.append((f"{days} day(s)", str(days * DAY_VOLUME), str(counter.items_read), calls, f"{seconds:.2f}"))
    return rows


def import_milliseconds(statement: str, env: dict[str, str]) -> float:
    probe = f"import time; t = time.perf_counter(); {statement}; print((time.perf_counter() - t) * 1000)"
    runs = []
    for _ in range(IMPORT_RUNS):
        result = subprocess.run(
            [sys.executable, "-c", probe], cwd=FUNCTIONS, env=env, capture_output=True, text=True, check=True
        )
        runs.append(float(result.stdout.strip().splitlines()[-1]))
    return statistics.median(runs)


def import_figures(env: dict[str, str]) -> list[tuple[str, str]]:
    child_env = os.environ | env | {"PYTHONDONTWRITEBYTECODE": "1"}
    statements = {
        "import boto3": "import boto3",
        "import boto3 + 1 client": "import boto3; boto3.client('dynamodb', region_name='us-east-2')",
        "transaction_processor": "import transaction_processor",
        "fraud_analyzer": "import fraud_analyzer",
        "report_generator": "import report_generator",
    }
    return [(label, f"{import_milliseconds(code, child_env):.0f}") for label, code in statements.items()]


def show(title: str, columns: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    table = Table(title=title, title_justify="left")
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*row)
    console.print(table)


def main() -> None:
    server, endpoint = start_server()
    env = function_environment(endpoint) | {"LOG_LEVEL": "WARNING"}
    os.environ.update(env)
    try:
        _, _, streams, stream_arn = fresh_resources(endpoint)
        import fraud_analyzer
        import report_generator
        import transaction_processor

        reader = StreamReader(streams, stream_arn)
        calls = api_figures(transaction_processor)
        calls += analyzer_figures(fraud_analyzer, transaction_processor, reader)
        show("AWS calls per operation (mean, botocore before-call hooks)", ("operation", "calls each", "target"), calls)

        dynamodb, *_ = fresh_resources(endpoint)
        show(
            f"One day's report ({DAY_VOLUME} items a day, 16 day-index shards)",
            ("table holds", "items in table", "items read", "calls", "seconds (moto reads its whole index)"),
            report_figures(report_generator, dynamodb),
        )
        show(
            f"Import time, median of {IMPORT_RUNS} fresh interpreters (ms)",
            ("module", "ms"),
            import_figures(env),
        )
    finally:
        server.stop()


if __name__ == "__main__":
    main()
