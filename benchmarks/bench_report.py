"""One daily report at 1x, 10x and 100x a day's volume on the local emulator: items read, wall time, peak memory.

    .venv/bin/python benchmarks/bench_report.py            # about 8 minutes on a busy 2-core machine
    .venv/bin/python benchmarks/bench_report.py --base 200 # a quick look

Base volume (1x): 1,000 transactions on one UTC day, 2 % flagged (half MEDIUM, half HIGH), all analysed (a closed
day whose stream caught up), customers growing with the volume (one per 5 transactions); 10x and 100x are 10,000
and 100,000. Each scale gets a fresh moto server (in this process) and then one run of the real report handler in
a fresh interpreter, which counts what it reads (botocore hooks on Query and BatchGetItem) and traces its memory
(tracemalloc peak during the handler call, so moto's own memory is not in it).

Seeding, in-process through the analyzer's own write path code: the items are stored in the exact shape a commit
leaves them (`stored_item` + `committed_attributes`) with BatchWriteItem, and each commit group's aggregate ADD (the
real `AnalysisWriter.actions`) is sent as an UpdateItem. Only the wrapping TransactWriteItems is left out: moto parses
each action's expression in ~20 ms, so 100,000 analyses through it would take over half an hour. At 1x the day is
also written through `AnalysisWriter.commit` itself (TransactWriteItems) and both reports must be byte-identical.

Checks: the items read are exactly the day's aggregate shards plus its flagged transactions (none pending), never an
unflagged one. Last line: `report items read at 1x/10x/100x: A B C; flagged: D E F; peak MiB: G H I`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FUNCTIONS, TEST_SUPPORT = ROOT / "functions", ROOT / "tests" / "functions"
sys.path[:0] = [str(FUNCTIONS), str(TEST_SUPPORT)]

import boto3  # noqa: E402
from boto3.dynamodb.types import TypeSerializer  # noqa: E402
from moto_resources import (  # noqa: E402
    BUCKET,
    SHARDS,
    TABLE,
    create_resources,
    function_environment,
    reset,
    start_server,
)
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402
from write_path import as_received, writer  # noqa: E402

from fraud_adapters.analysis_writer import committed_attributes  # noqa: E402
from fraud_adapters.transactions_table import PENDING_SHARD, stored_item  # noqa: E402
from fraud_domain.analysis_commits import AnalysedTransaction, plan_commits  # noqa: E402
from fraud_domain.records import to_item  # noqa: E402
from fraud_domain.transaction import Analysis, Reason, RiskLevel, Status, Transaction  # noqa: E402

DAY = date(2024, 5, 1)
MIDNIGHT_MS = 1714521600000
SCALES = (1, 10, 100)
console = Console(width=110)


def day_of_transactions(count: int, flagged_share: float, seed: int = 7) -> list[Transaction]:
    rng = random.Random(seed)
    customers = max(1, count // 5)
    transactions = []
    for n in range(count):
        currency, places = rng.choice((("USD", 2), ("EUR", 2), ("JPY", 0)))
        roll = rng.random()
        level = (
            RiskLevel.LOW if roll >= flagged_share else RiskLevel.HIGH if roll < flagged_share / 2 else RiskLevel.MEDIUM
        )
        reasons = () if level is RiskLevel.LOW else (Reason("AMOUNT_VS_HISTORY", 35, "amount 5.0 x the median"),)
        transactions.append(
            Transaction(
                transaction_id=f"{DAY.isoformat()}-{n:07d}",
                customer_id=f"cust-{rng.randrange(customers):07d}",
                amount=Decimal(rng.randint(100, 500_000)).scaleb(-places),
                currency=currency,
                timestamp=MIDNIGHT_MS + rng.randrange(86_400_000),
                received_at="2024-05-01T00:00:00.000Z",
                status=Status.ANALYZED,
                country="DE",
                analysis=Analysis(
                    {RiskLevel.LOW: 0, RiskLevel.MEDIUM: 35, RiskLevel.HIGH: 70}[level],
                    level,
                    reasons,
                    "2024-05-02T00:00:00.000Z",
                ),
            )
        )
    return transactions


def seed_in_bulk(dynamodb, transactions: list[Transaction]) -> None:
    serializer = TypeSerializer()
    entries = [AnalysedTransaction(as_received(t), t.analysis) for t in transactions]
    requests = []
    for entry in entries:
        item = stored_item(entry.transaction, SHARDS) | committed_attributes(entry, SHARDS)
        del item[PENDING_SHARD]  # a commit removes it
        requests.append({"PutRequest": {"Item": {k: serializer.serialize(v) for k, v in item.items()}}})
    for start in range(0, len(requests), 25):
        pending = {TABLE: requests[start : start + 25]}
        while pending:
            pending = dynamodb.batch_write_item(RequestItems=pending).get("UnprocessedItems") or None
    analysis_writer = writer(dynamodb)
    for start in range(0, len(entries), 100):  # a stream batch
        for group in plan_commits(entries[start : start + 100]):
            for action in analysis_writer.actions(group, 0, {})[len(group.analysed) :]:
                dynamodb.update_item(**action["Update"])


def seed_through_commits(dynamodb, transactions: list[Transaction]) -> None:
    entries = [AnalysedTransaction(as_received(t), t.analysis) for t in transactions]
    serializer = TypeSerializer()
    for start in range(0, len(entries), 25):
        batch = [
            {
                "PutRequest": {
                    "Item": {k: serializer.serialize(v) for k, v in stored_item(e.transaction, SHARDS).items()}
                }
            }
            for e in entries[start : start + 25]
        ]
        dynamodb.batch_write_item(RequestItems={TABLE: batch})
    for start in range(0, len(entries), 100):
        outcome = writer(dynamodb).commit(entries[start : start + 100], {})
        assert not outcome.failed, outcome.failed


def run_report_in_child(env: dict[str, str]) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, "--child"], env=os.environ | env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"the report run failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def child() -> None:
    """Runs in a fresh interpreter: import, then one handler call traced."""
    import tracemalloc

    from aws_calls import AwsCallCounter
    from lambda_events import LambdaContext

    import report_generator

    # The kernel's RSS high-water mark, reset after the imports (getrusage's ru_maxrss would also carry the
    # parent's peak across fork): VmHWM after the call is the handler's peak, imports included.
    Path("/proc/self/clear_refs").write_text("5")
    rss_before = _status_mib("VmRSS")
    with AwsCallCounter(report_generator.dynamodb, report_generator.bucket.client) as counter:
        tracemalloc.start()
        started = time.perf_counter()
        outcome = report_generator.handler({"date": DAY.isoformat()}, LambdaContext())
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    print(
        json.dumps(
            {
                "outcome": outcome,
                "items_read": counter.items_read,
                "keys_read": counter.keys_read,
                "calls": dict(counter.calls),
                "seconds": seconds,
                "heap_peak_mib": peak / 2**20,  # Python objects allocated during the call
                "rss_before_mib": rss_before,  # the interpreter with boto3, Powertools and the handler imported
                "rss_peak_mib": _status_mib("VmHWM"),  # what Lambda's REPORT line calls Max Memory Used
            }
        )
    )


def cpu_per_flagged_item(count: int = 20_000) -> float:
    """Microseconds of this machine's CPU per flagged item, without any I/O: the wire item read back, counted, its
    CSV line written to the upload buffer and its customer ranked in SQLite (what a report does per flagged item)."""
    from fraud_adapters.dynamodb_codec import plain
    from fraud_adapters.flagged_customers import SpillingFlaggedCustomers
    from fraud_domain.records import from_item
    from fraud_domain.reports import DailyReportBuilder

    serializer = TypeSerializer()
    flagged = [t for t in day_of_transactions(count * 10, 0.1) if t.analysis.risk_level.is_flagged][:count]
    wire_items = [{k: serializer.serialize(v) for k, v in to_item(t).items()} for t in flagged]
    buffer = bytearray()
    with SpillingFlaggedCustomers() as customers:
        builder = DailyReportBuilder(DAY, customers)
        started = time.process_time()
        for item in wire_items:
            buffer += builder.add_flagged(from_item(plain(item))).encode()
        builder.summary()
        return (time.process_time() - started) / len(wire_items) * 1e6


def _status_mib(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024  # kB
    raise RuntimeError(f"/proc/self/status has no {field}")


class FakeFlaggedIndex:
    """A DynamoDB client whose flagged index holds `per_shard` items in each shard, made up page by page on request
    (so the fake data is never all in memory): the report pipeline at volumes moto cannot hold."""

    def __init__(self, per_shard: int) -> None:
        self.per_shard = per_shard
        self.serializer = TypeSerializer()

    def query(self, **request):
        shard = int(request["ExpressionAttributeValues"][":shard"]["S"].split("#")[1])
        start = int(request.get("ExclusiveStartKey", {}).get("n", {}).get("N", "0"))
        end = min(start + request["Limit"], self.per_shard)
        items = []
        for n in range(start, end):
            t = Transaction(
                transaction_id=f"t-{shard:02d}-{n:08d}",
                customer_id=f"cust-{(n * 7919 + shard) % 1_000_003:07d}",
                amount=Decimal(n % 90_000 + 100).scaleb(-2),
                currency="USD",
                timestamp=MIDNIGHT_MS + n * 1000 + shard,
                received_at="2024-05-01T00:00:00.000Z",
                status=Status.ANALYZED,
                analysis=Analysis(70, RiskLevel.HIGH, (Reason("HIGH_AMOUNT", 40, "detail"),), "2024-05-02T00:00:00Z"),
            )
            items.append({k: self.serializer.serialize(v) for k, v in to_item(t).items()})
        response = {"Items": items, "Count": len(items)}
        if end < self.per_shard:
            response["LastEvaluatedKey"] = {"n": {"N": str(end)}}
        return response


def pipeline_child(per_shard: int) -> None:
    """The report's flagged pass (merge, parse, count, CSV line, SQLite ranking) over 16 x per_shard items."""
    import tracemalloc

    from fraud_adapters.day_items import DayItems
    from fraud_adapters.flagged_customers import SpillingFlaggedCustomers
    from fraud_domain.records import from_item
    from fraud_domain.reports import DailyReportBuilder

    Path("/proc/self/clear_refs").write_text("5")
    tracemalloc.start()
    items = DayItems(FakeFlaggedIndex(per_shard), TABLE, "flagged-index", "pending-index", "day-index", SHARDS)
    written = 0
    with SpillingFlaggedCustomers() as customers:
        builder = DailyReportBuilder(DAY, customers)
        for item in items.flagged_in_order(DAY):
            written += len(builder.add_flagged(from_item(item)))  # the upload buffer is bounded by the part size
        builder.summary()
    peak = tracemalloc.get_traced_memory()[1]
    print(
        json.dumps({"items": per_shard * SHARDS, "heap_peak_mib": peak / 2**20, "rss_peak_mib": _status_mib("VmHWM")})
    )


def pipeline_memory(per_shard: int) -> dict:
    # The stack's MALLOC_ARENA_MAX, as the report function gets it (infra/fraud_stack/functions.py).
    result = subprocess.run(
        [sys.executable, __file__, "--pipeline", str(per_shard)],
        env=os.environ | {"MALLOC_ARENA_MAX": "2"},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def report_objects(endpoint: str) -> tuple[bytes, bytes]:
    s3 = boto3.client("s3", region_name="us-east-2", endpoint_url=endpoint)
    prefix = f"reports/{DAY:%Y/%m/%d}"
    return tuple(
        s3.get_object(Bucket=BUCKET, Key=f"{prefix}/{name}")["Body"].read()
        for name in ("fraud-report.json", "flagged-transactions.csv")
    )


def fresh(endpoint: str):
    reset(endpoint)
    dynamodb = boto3.client("dynamodb", region_name="us-east-2", endpoint_url=endpoint)
    create_resources(dynamodb, boto3.client("s3", region_name="us-east-2", endpoint_url=endpoint))
    return dynamodb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=int, default=1000, help="transactions in the 1x day (default 1000)")
    parser.add_argument("--flagged-share", type=float, default=0.02)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--pipeline", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child()
        return
    if args.pipeline:
        pipeline_child(args.pipeline)
        return
    server, endpoint = start_server()
    env = function_environment(endpoint) | {"LOG_LEVEL": "WARNING", "PYTHONDONTWRITEBYTECODE": "1"}
    os.environ.update({k: v for k, v in env.items() if k.startswith("AWS_")})
    rows, figures = [], []
    try:
        for scale in SCALES:
            transactions = day_of_transactions(args.base * scale, args.flagged_share)
            flagged = {t.transaction_id for t in transactions if t.analysis.risk_level.is_flagged}
            dynamodb = fresh(endpoint)
            started = time.perf_counter()
            seed_in_bulk(dynamodb, transactions)
            seeded = time.perf_counter() - started
            console.print(f"{scale}x: {len(transactions):,} transactions seeded in {seeded:.0f} s; running the report")
            run = run_report_in_child(env)
            shards = [key for key in run["keys_read"] if key.startswith(f"day#{DAY.isoformat()}#")]
            read_ids = [key for key in run["keys_read"] if not key.startswith("day#")]
            assert sorted(read_ids) == sorted(flagged), (
                "the report read an unflagged transaction or missed a flagged one"
            )
            assert run["items_read"] == len(shards) + len(flagged) and run["outcome"]["pending"] == 0
            assert run["outcome"]["transactions"] == len(transactions) and run["outcome"]["flagged"] == len(flagged)
            if scale == 1:
                bulk = report_objects(endpoint)
                seed_through_commits(fresh(endpoint), transactions)
                run_report_in_child(env)
                assert report_objects(endpoint) == bulk, "bulk seeding and the real commits must give the same report"
                console.print("1x: the same report bytes when the day is written through TransactWriteItems commits")
            calls = ", ".join(f"{name.split(':')[1]} {n}" for name, n in sorted(run["calls"].items()))
            rows.append(
                (
                    f"{scale}x",
                    f"{len(transactions):,}",
                    f"{len(shards)} + {len(flagged):,}",
                    str(run["items_read"]),
                    calls,
                    f"{run['seconds']:.2f}",
                    f"{run['rss_peak_mib']:.1f} ({run['rss_before_mib']:.1f} before the call)",
                    f"{run['heap_peak_mib']:.1f}",
                )
            )
            figures.append((str(run["items_read"]), str(len(flagged)), f"{run['rss_peak_mib']:.1f}"))
    finally:
        server.stop()
    table = Table(
        title=f"One day's report, base {args.base:,} transactions, {args.flagged_share:.0%} flagged",
        title_justify="left",
    )
    columns = ("scale", "transactions", "shards + flagged", "items read", "calls", "seconds (moto)", "peak RSS MiB")
    for column in (*columns, "heap peak MiB"):
        table.add_column(column)
    for row in rows:
        table.add_row(*row)
    console.print(table)
    beyond = [pipeline_memory(per_shard) for per_shard in (250, 2_500, 25_000)]
    console.print(
        "Beyond what moto holds, the flagged pass alone over a fake index (16 shards): "
        + "; ".join(
            f"{b['items']:,} flagged, heap {b['heap_peak_mib']:.1f} MiB, RSS {b['rss_peak_mib']:.1f} MiB"
            for b in beyond
        )
    )
    cpu = cpu_per_flagged_item()
    console.print(
        f"CPU per flagged item, no I/O (parse, count, CSV line, rank): {cpu:.0f} us on this machine; "
        f"at 1000 TPS and 1 % flagged (864,000 a day) that is {864_000 * cpu / 1e6:.0f} s of one vCPU"
    )
    items, flagged_counts, peaks = (" ".join(column) for column in zip(*figures, strict=True))
    print(f"report items read at 1x/10x/100x: {items}; flagged: {flagged_counts}; peak MiB: {peaks}")


if __name__ == "__main__":
    main()
