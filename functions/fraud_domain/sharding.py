"""The write-sharded day key of the day index: 'YYYY-MM-DD#k'.

One partition key per day would put every write of the day on one GSI partition; k spreads them over
`shard_count` keys. k comes from a stable hash of the transaction id (Python's hash() is salted per process).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime


def shard_of(transaction_id: str, shard_count: int) -> int:
    digest = hashlib.blake2b(transaction_id.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") % shard_count


def day_of(timestamp_ms: int) -> date:
    return datetime.fromtimestamp(timestamp_ms / 1000, tz=UTC).date()


def day_shard(transaction_id: str, timestamp_ms: int, shard_count: int) -> str:
    return f"{day_of(timestamp_ms).isoformat()}#{shard_of(transaction_id, shard_count)}"


def day_shards(day: date, shard_count: int) -> list[str]:
    """Every key a day's items can live under: the report queries all of them."""
    return [f"{day.isoformat()}#{k}" for k in range(shard_count)]
