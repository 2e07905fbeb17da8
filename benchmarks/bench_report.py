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
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FUNCTIONS, TEST_SUPPORT = ROOT / "functions", ROOT / "tests" / "functions"
sys.path[:0] = [str(FUNCTIONS), str(TEST_SUPPORT), str(Path(__file__).resolve().parent)]

import boto3  # noqa: E402
from moto_resources import BUCKET, create_resources, function_environment, reset, start_server  # noqa: E402
from report_day import DAY, day_of_transactions, seed_in_bulk, seed_through_commits  # noqa: E402
from report_probes import cpu_per_flagged_item, pipeline_child, pipeline_memory, status_mib  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

SCALES = (1, 10, 100)
console = Console(width=110)


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
    rss_before = status_mib("VmRSS")
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
                "rss_peak_mib": status_mib("VmHWM"),  # what Lambda's REPORT line calls Max Memory Used
            }
        )
    )


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
