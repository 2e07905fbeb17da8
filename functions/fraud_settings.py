"""The environment every function gets from the Pulumi program, read and checked once at cold start."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class SettingsError(RuntimeError):
    """The function's environment is incomplete or wrong: a deployment error, reported all at once."""


@dataclass(frozen=True)
class Settings:
    table_name: str
    idempotency_table_name: str
    aggregates_table_name: str
    bucket_name: str
    customer_index_name: str
    day_index_name: str
    flagged_index_name: str
    pending_index_name: str
    day_shard_count: int
    aggregate_shard_count: int
    environment: str
    region: str  # DEPLOYMENT_REGION: where the resources live, whatever the runtime's AWS_REGION says
    service_name: str
    metrics_namespace: str
    log_level: str = "INFO"

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] = os.environ) -> Settings:
        problems: list[str] = []

        def required(name: str) -> str:
            value = environ.get(name, "").strip()
            if not value:
                problems.append(f"{name} is missing")
            return value

        def count(name: str, most: int) -> int:
            text = required(name)
            value = int(text) if text.isdigit() else 0
            if text and not 1 <= value <= most:
                problems.append(f"{name} must be an integer from 1 to {most}, got {text!r}")
            return value

        shard_count = count("DAY_SHARD_COUNT", 1000)
        # At most 100: one BatchGetItem reads a day's aggregates, one transaction rebuilds them.
        aggregate_shard_count = count("AGGREGATE_SHARD_COUNT", 100)
        log_level = environ.get("LOG_LEVEL", "INFO").strip().upper() or "INFO"
        if log_level not in _LOG_LEVELS:
            problems.append(f"LOG_LEVEL must be one of {', '.join(_LOG_LEVELS)}, got {log_level!r}")
        settings = cls(
            table_name=required("TABLE_NAME"),
            idempotency_table_name=required("IDEMPOTENCY_TABLE_NAME"),
            aggregates_table_name=required("AGGREGATES_TABLE_NAME"),
            bucket_name=required("BUCKET_NAME"),
            customer_index_name=required("CUSTOMER_INDEX_NAME"),
            day_index_name=required("DAY_INDEX_NAME"),
            flagged_index_name=required("FLAGGED_INDEX_NAME"),
            pending_index_name=required("PENDING_INDEX_NAME"),
            day_shard_count=shard_count,
            aggregate_shard_count=aggregate_shard_count,
            environment=required("ENVIRONMENT"),
            region=required("DEPLOYMENT_REGION"),
            service_name=required("POWERTOOLS_SERVICE_NAME"),
            metrics_namespace=required("POWERTOOLS_METRICS_NAMESPACE"),
            log_level=log_level,
        )
        if problems:
            raise SettingsError("invalid function environment: " + "; ".join(problems))
        return settings
