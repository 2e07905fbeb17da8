"""Rebuild one UTC day's report aggregates from the day's items: the slow path for repair and backfill.

    .venv/bin/python scripts/rebuild_aggregates.py --stack dev --date 2024-05-01
    .venv/bin/python scripts/rebuild_aggregates.py --stack dev --date 2024-05-01 --endpoint-url http://127.0.0.1:4566

Runs with your AWS credentials (not a function's role): it needs dynamodb:Query on the day index, BatchGetItem and
UpdateItem on the transactions table, BatchGetItem, PutItem, DeleteItem and ConditionCheckItem on the aggregates
table. It reads every item of the day (hours for a full day at 1000 TPS: docs/report-at-scale.md), so run
it for a day whose stream has drained; if an analysis is committed to the day meanwhile it stops with exit code 3
and changes nothing: run it again. --day-shards and --aggregate-shards must match the stack's config.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "functions"))

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from fraud_adapters.aggregates_table import AggregatesTable, DayChangedDuringRebuild
from fraud_adapters.day_items import DayItems
from fraud_adapters.day_rebuild import DayRebuild


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stack", required=True, help="the stack's environmentSuffix, e.g. dev")
    parser.add_argument("--date", required=True, type=date.fromisoformat, help="the UTC day, YYYY-MM-DD")
    parser.add_argument("--day-shards", type=int, default=16, help="the stack's dayShardCount (default 16)")
    parser.add_argument("--aggregate-shards", type=int, default=100, help="the stack's aggregateShardCount")
    parser.add_argument("--region", default="us-east-2")
    parser.add_argument("--endpoint-url", help="an emulator's endpoint (fraudctl local prints it)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    if not 1 <= args.aggregate_shards <= 100 or args.day_shards < 1:
        print("error: --day-shards must be >= 1 and --aggregate-shards between 1 and 100", file=sys.stderr)
        return 2
    client = boto3.client("dynamodb", region_name=args.region, endpoint_url=args.endpoint_url)
    table = f"transactions-{args.stack}"
    items = DayItems(client, table, "flagged-index", "pending-index", "day-index", args.day_shards)
    aggregates = AggregatesTable(client, f"transactions-aggregates-{args.stack}", args.aggregate_shards)
    rebuild = DayRebuild(client, table, items, aggregates, progress=lambda line: print(line, file=sys.stderr))
    try:
        result = rebuild.run(args.date)
    except DayChangedDuringRebuild:
        print(f"error: an analysis was committed to {args.date} during the rebuild; nothing changed, run it again")
        return 3
    except (BotoCoreError, ClientError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(
        f"{args.date}: rebuilt from {result.items} items: {result.analysed} analysed, {result.pending} pending, "
        f"{result.unreadable} unreadable; {result.reindexed} items given their flagged/pending index key"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
