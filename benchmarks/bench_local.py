"""Local mode's figures: start time, API latency, POST-to-analysis time, sustained POST throughput, idle CPU.

Run: `.venv/bin/python benchmarks/bench_local.py [--requests 300] [--load-seconds 10] [--threads 4]`.
`fraudctl local` runs as a user runs it, in its own process (`python -m fraudctl.commands.local --port 0`); every
request comes from this process over 127.0.0.1, on keep-alive connections, and the load is bounded in count and time.
"""

from __future__ import annotations

import argparse
import re
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import boto3
from rich.console import Console
from rich.table import Table

from fraudctl.local.api_client import ApiClient
from fraudctl.local.control import LocalState, read_state

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Figures:
    rows: list[tuple[str, str, str]] = field(default_factory=list)  # (measure, value, note)

    def add(self, measure: str, value: str, note: str = "") -> None:
        self.rows.append((measure, value, note))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def transaction(customer: str) -> dict:
    return {
        "transactionId": f"bench-{uuid.uuid4().hex[:16]}",
        "customerId": customer,
        "amount": 42.5,
        "currency": "EUR",
    }


def start_local(state_dir: Path, concurrency: int, poll_ms: float) -> tuple[subprocess.Popen, LocalState, float]:
    command = [sys.executable, "-m", "fraudctl.commands.local", "--cwd", str(ROOT), "--port", "0", "--quiet"]
    command += ["--state-dir", str(state_dir), "--no-schedules", "--concurrency", str(concurrency)]
    command += ["--poll-ms", str(poll_ms)]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    while (state := read_state(state_dir)) is None:
        if process.poll() is not None:
            raise SystemExit(
                f"fraudctl local did not start: {process.stderr.read().decode() if process.stderr else ''}"
            )
        time.sleep(0.02)
    return process, state, time.perf_counter() - started


def items(state: LocalState) -> int:
    dynamodb = boto3.client(
        "dynamodb",
        endpoint_url=state.moto_endpoint,
        region_name="us-east-2",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )
    return dynamodb.scan(TableName="transactions-dev", Select="COUNT")["Count"]


def api_latency(client: ApiClient, count: int, figures: Figures) -> None:
    posts, gets, ids = [], [], []
    for n in range(count):
        body = transaction(f"latency-{n % 50}")
        started = time.perf_counter()
        response = client.post_transaction(body)
        posts.append((time.perf_counter() - started) * 1000)
        assert response.status == 201, response.body
        ids.append(body["transactionId"])
    for transaction_id in ids:
        started = time.perf_counter()
        assert client.get_transaction(transaction_id).status == 200
        gets.append((time.perf_counter() - started) * 1000)
    for name, values in (("POST /transactions", posts), ("GET /transactions/{id}", gets)):
        figures.add(
            f"{name} latency p50 / p95",
            f"{percentile(values, 50):.1f} / {percentile(values, 95):.1f} ms",
            f"{count} sequential requests",
        )


def attribution(client: ApiClient, state: LocalState, count: int, figures: Figures) -> None:
    """Where a request's time goes: the local API Gateway alone, the handler (its REPORT lines), one moto call."""
    gateway = []
    for _ in range(count):
        started = time.perf_counter()
        assert client.request("GET", "/no-such-route").status == 403
        gateway.append((time.perf_counter() - started) * 1000)
    figures.add(
        "Gateway-only answer (403, no function) p50",
        f"{percentile(gateway, 50):.1f} ms",
        "the local API front's own cost",
    )
    log = Path(state.log_dir) / "transaction-processor-dev.log"
    durations = [float(m) for m in re.findall(r"REPORT RequestId: \S+\tDuration: ([\d.]+) ms", log.read_text())]
    posts, gets = durations[-2 * count : -count], durations[-count:]  # the latency phase, as sent
    figures.add(
        "Processor handler duration p50, POST / GET",
        f"{percentile(posts, 50):.1f} / {percentile(gets, 50):.1f} ms",
        "its REPORT lines: 3 DynamoDB calls per POST (idempotency put + put + update), 1 Query per GET",
    )
    dynamodb = boto3.client(
        "dynamodb",
        endpoint_url=state.moto_endpoint,
        region_name="us-east-2",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )
    calls = []
    for _ in range(count):
        started = time.perf_counter()
        dynamodb.put_item(TableName="transactions-idempotency-dev", Item={"id": {"S": uuid.uuid4().hex}})
        calls.append((time.perf_counter() - started) * 1000)
    figures.add(
        "One PutItem on moto from another process p50",
        f"{percentile(calls, 50):.1f} ms",
        "boto3 to the embedded moto: the floor",
    )


def analysis_time(client: ApiClient, state: LocalState, count: int, figures: Figures) -> None:
    """From sending the POST to the first GET that shows status ANALYZED (GET polled back to back)."""
    times = []
    for n in range(count):
        body = transaction(f"analysis-{n % 50}")
        started = time.perf_counter()
        assert client.post_transaction(body).status == 201
        while client.get_transaction(body["transactionId"]).json.get("status") != "ANALYZED":
            if time.perf_counter() - started > 10:
                raise SystemExit(f"{body['transactionId']} not analysed within 10 s")
        times.append((time.perf_counter() - started) * 1000)
        time.sleep(0.05)  # a pause between samples, as between real transactions
    figures.add(
        "POST to analysis visible via GET, p50 / p95",
        f"{percentile(times, 50):.0f} / {percentile(times, 95):.0f} ms",
        f"{count} transactions, one at a time",
    )
    log = Path(state.log_dir) / "fraud-analyzer-dev.log"
    durations = [float(m) for m in re.findall(r"REPORT RequestId: \S+\tDuration: ([\d.]+) ms", log.read_text())]
    figures.add(
        "Analyzer handler duration p50",
        f"{percentile(durations, 50):.1f} ms",
        f"its REPORT lines (history Query on customer-index, UpdateItem); {items(state)} items in the table",
    )


def throughput(state: LocalState, threads: int, seconds: float, limit: int, figures: Figures) -> list[str]:
    deadline, lock, sent = time.perf_counter() + seconds, threading.Lock(), [0]
    statuses: dict[int, int] = {}
    latencies: list[float] = []
    ids: list[str] = []

    def load(worker: int) -> None:
        client = ApiClient(state.api_url, state.api_key)
        while time.perf_counter() < deadline:
            with lock:
                if sent[0] >= limit:
                    break
                sent[0] += 1
            body = transaction(f"load-{worker}-{sent[0] % 20}")
            started = time.perf_counter()
            status = client.post_transaction(body).status
            with lock:
                latencies.append((time.perf_counter() - started) * 1000)
                statuses[status] = statuses.get(status, 0) + 1
                ids.append(body["transactionId"])
        client.close()

    started = time.perf_counter()
    pool = [threading.Thread(target=load, args=(n,)) for n in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - started
    rate = sum(statuses.values()) / elapsed
    figures.add(
        "Sustained POST throughput",
        f"{rate:.0f} req/s",
        f"{threads} client threads, {sum(statuses.values())} requests in {elapsed:.1f} s, statuses {statuses}, "
        f"p50 {percentile(latencies, 50):.0f} ms, p95 {percentile(latencies, 95):.0f} ms",
    )
    return ids


def drain_time(client: ApiClient, ids: list[str], figures: Figures) -> None:
    started = time.perf_counter()
    last = ids[-1]
    while client.get_transaction(last).json.get("status") != "ANALYZED":
        if time.perf_counter() - started > 120:
            raise SystemExit("the analyzer did not catch up within 120 s")
        time.sleep(0.05)
    figures.add(
        "Analyzer backlog drained after the load",
        f"{time.perf_counter() - started:.1f} s",
        f"until the last of {len(ids)} POSTs was ANALYZED",
    )


def idle_cpu(process: subprocess.Popen, seconds: float, figures: Figures) -> None:
    def cpu_seconds(pid: int) -> float:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / __import__("os").sysconf("SC_CLK_TCK")

    time.sleep(3)  # past the poller's fast phase (2 s after the last write)
    before = cpu_seconds(process.pid)
    time.sleep(seconds)
    share = (cpu_seconds(process.pid) - before) / seconds * 100
    figures.add(
        "Idle CPU of fraudctl local (moto, API, poller)",
        f"{share:.1f} % of one core",
        f"over {seconds:.0f} s without requests",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=300, help="sequential requests for the latency figures")
    parser.add_argument("--analyses", type=int, default=100, help="transactions timed from POST to analysis")
    parser.add_argument("--threads", type=int, default=4, help="load generator threads")
    parser.add_argument("--load-seconds", type=float, default=10.0)
    parser.add_argument("--load-limit", type=int, default=5000, help="at most this many POSTs in the load phase")
    parser.add_argument("--concurrency", type=int, default=1, help="worker processes per function")
    parser.add_argument("--poll-ms", type=float, default=25.0, help="the stream poller's interval while records flow")
    args = parser.parse_args()
    figures, console = Figures(), Console()
    with tempfile.TemporaryDirectory() as state_dir:
        process, state, start_s = start_local(Path(state_dir), args.concurrency, args.poll_ms)
        try:
            figures.add(
                "Start time (spawn to serving)",
                f"{start_s:.1f} s",
                "fresh process: imports, program under mocks, moto, 3 cold starts",
            )
            client = ApiClient(state.api_url, state.api_key)
            client.post_transaction(transaction("warm-up"))  # first-call costs (moto's first writes) are not latency
            # Analysis first: moto's index Queries scan the whole table, so they slow as the table fills up.
            analysis_time(client, state, args.analyses, figures)
            api_latency(client, args.requests, figures)
            attribution(client, state, args.requests, figures)
            idle_cpu(process, 5.0, figures)
            ids = throughput(state, args.threads, args.load_seconds, args.load_limit, figures)
            drain_time(client, ids, figures)
            client.close()
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=30)
    table = Table(
        title=f"fraudctl local, {args.concurrency} worker per function, 127.0.0.1 ({resource.getpagesize()} B pages)"
    )
    for column in ("measure", "value", "conditions"):
        table.add_column(column)
    for row in figures.rows:
        table.add_row(*row)
    console.print(table)


if __name__ == "__main__":
    main()
