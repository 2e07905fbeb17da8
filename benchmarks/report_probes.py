"""What bench_report.py measures inside a report process: the memory of the flagged pass beyond what moto can hold
(a fake index that makes its pages up on request), and the CPU per flagged item without I/O. Imported by
bench_report.py, which puts functions/ and tests/functions/ on the path first."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

from boto3.dynamodb.types import TypeSerializer
from moto_resources import SHARDS, TABLE
from report_day import DAY, MIDNIGHT_MS, day_of_transactions

from fraud_domain.records import to_item
from fraud_domain.transaction import Analysis, Reason, RiskLevel, Status, Transaction

BENCH = Path(__file__).resolve().parent / "bench_report.py"


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


def status_mib(field: str) -> float:
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
    print(json.dumps({"items": per_shard * SHARDS, "heap_peak_mib": peak / 2**20, "rss_peak_mib": status_mib("VmHWM")}))


def pipeline_memory(per_shard: int) -> dict:
    # The stack's MALLOC_ARENA_MAX, as the report function gets it (infra/fraud_stack/functions.py).
    result = subprocess.run(
        [sys.executable, str(BENCH), "--pipeline", str(per_shard)],
        env=os.environ | {"MALLOC_ARENA_MAX": "2"},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])
