"""The functions' figures, measured against a moto server this script starts (no AWS account needed).

    .venv/bin/python benchmarks/bench_functions.py

1. AWS calls per POST /transactions (and per replay, per GET, per label), counted with botocore's event hooks.
2. AWS calls per analysed transaction, in a stream batch, LOW and HIGH risk, against the budget: at most 2 reads
   (the customer's history Query, the terminal/merchant counters) and 1 write call per analysed transaction, at
   most 1 read and 1 write call per label.
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
from write_path import as_received, seed  # noqa: E402

POSTS = 40
DAY_VOLUME = 300
READS, WRITES = {"Query", "BatchGetItem", "GetItem"}, {"TransactWriteItems", "UpdateItem", "PutItem", "BatchWriteItem"}
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


def budget(counter: AwsCallCounter, n: int, reads: int, writes: int) -> str:
    """'PASS reads 1.05 <= 2, writes 0.05 <= 1' for the DynamoDB calls per operation."""
    calls = counter.of("dynamodb")
    read = sum(count for name, count in calls.items() if name in READS) / n
    write = sum(count for name, count in calls.items() if name in WRITES) / n
    verdict = "PASS" if read <= reads and write <= writes else "FAIL"
    return f"{verdict} reads {read:.3g} <= {reads}, writes {write:.3g} <= {writes}"


def api_figures(processor) -> list[tuple[str, str, str]]:
    bodies = [
        {
            "transactionId": f"bench-{i}",
            "customerId": f"c-{i % 7}",
            "amount": 10 + i,
            "currency": "USD",
            "terminalId": f"T-{i % 5}",
            "merchantId": f"M-{i % 3}",
        }
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
    labels = {}
    for name, body in (
        ("label, first (fraud)", {"fraud": True, "source": "chargeback"}),
        ("label, the same again", {"fraud": True, "source": "chargeback"}),
        ("label, new source", {"fraud": True, "source": "investigation"}),
        ("label, fraud cleared", {"fraud": False, "source": "investigation"}),
    ):
        with AwsCallCounter(processor.dynamodb) as labels[name]:
            for b in bodies:
                path = f"/transactions/{b['transactionId']}/label"
                reply = call_api(processor, api_event("PUT", path, json.dumps(body)))
                assert reply.status == 200, reply.text
    return [
        ("POST (new, 201)", per_call(created, POSTS), "<= 3 DynamoDB, no Scan"),
        ("POST (replay, 200)", per_call(replayed, POSTS), ""),
        ("GET /transactions/{id}", per_call(read, POSTS), "1 Query"),
        *[(name, per_call(counter, POSTS), budget(counter, POSTS, 1, 1)) for name, counter in labels.items()],
    ]


def analyzer_figures(analyzer, processor, reader: StreamReader) -> list[tuple[str, str, str]]:
    """The API figures' transactions as one batch (LOW risk, 5 terminals, 3 merchants), one at a time, then new
    customers spending 5000 USD (HIGH: alert)."""
    inserts = [r for r in reader.new_records() if r["eventName"] == "INSERT"]
    rows = [_analyse(analyzer, inserts, f"analysed transaction (LOW), batch of {len(inserts)}")]
    for i in range(10):
        body = {"transactionId": f"big-{i}", "customerId": f"new-{i}", "amount": 5000, "currency": "USD"}
        body |= {"terminalId": "T-big", "merchantId": "M-big"}
        call_api(processor, api_event("POST", "/transactions", json.dumps(body)))
    high = [r for r in reader.new_records() if r["eventName"] == "INSERT"]
    rows.append(_analyse(analyzer, high, f"analysed transaction (HIGH), batch of {len(high)}"))
    for i in range(5):
        body = {"transactionId": f"one-{i}", "customerId": f"one-{i}", "amount": 30, "currency": "USD"}
        call_api(processor, api_event("POST", "/transactions", json.dumps(body | {"terminalId": "T-1"})))
    singles = [r for r in reader.new_records() if r["eventName"] == "INSERT"]
    counters = [_count(analyzer, [record]) for record in singles]  # the worst case: batches of one record
    merged = AwsCallCounter()
    for counter in counters:
        merged.calls.update(counter.calls)
    rows.append(
        ("analysed transaction (LOW), batches of 1", per_call(merged, len(singles)), budget(merged, len(singles), 2, 1))
    )
    return rows


def _count(analyzer, inserts: list[dict]) -> AwsCallCounter:
    # The event source mapping delivers INSERT records only; our own updates are MODIFY records.
    with AwsCallCounter(analyzer.dynamodb, analyzer.bucket.client) as counter:
        with contextlib.redirect_stdout(io.StringIO()):  # the EMF metric lines
            response = analyzer.handler(stream_event(inserts), LambdaContext())
    assert response == {"batchItemFailures": []}, response
    return counter


def _analyse(analyzer, inserts: list[dict], label: str) -> tuple[str, str, str]:
    counter = _count(analyzer, inserts)
    return label, per_call(counter, len(inserts)), budget(counter, len(inserts), 2, 1)


def report_figures(reporter, dynamodb) -> list[tuple[str, str, str, str, str]]:
    """The report day written through the analyzer's write path; the other days stored as the processor stores them
    (whether they are analysed does not change what the report of another day reads)."""
    rows = []
    seed(dynamodb, synthetic_day(REPORT_DAY, DAY_VOLUME))
    stored_days = 1
    for days in (1, 10):
        for offset in range(stored_days, days):
            older = synthetic_day(REPORT_DAY - timedelta(days=offset), DAY_VOLUME)
            put_transactions(dynamodb, [as_received(t) for t in older])
        stored_days = days
        with AwsCallCounter(reporter.dynamodb, reporter.bucket.client) as counter:
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
            f"One day's report ({DAY_VOLUME} items a day, ~20 % flagged, ~10 % pending; 16 index shards)",
            ("table holds", "items in table", "items read", "calls", "seconds (moto scans its whole index)"),
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
