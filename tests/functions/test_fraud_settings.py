"""The functions' environment (fraud_settings), checked once at cold start."""

from __future__ import annotations

import pytest

from fraud_settings import Settings, SettingsError

ENVIRONMENT = {
    "TABLE_NAME": "transactions-dev",
    "IDEMPOTENCY_TABLE_NAME": "transactions-idempotency-dev",
    "AGGREGATES_TABLE_NAME": "transactions-aggregates-dev",
    "BUCKET_NAME": "fraud-reports-dev",
    "CUSTOMER_INDEX_NAME": "customer-index",
    "DAY_INDEX_NAME": "day-index",
    "FLAGGED_INDEX_NAME": "flagged-index",
    "PENDING_INDEX_NAME": "pending-index",
    "DAY_SHARD_COUNT": "16",
    "AGGREGATE_SHARD_COUNT": "100",
    "ENVIRONMENT": "dev",
    "DEPLOYMENT_REGION": "us-east-2",
    "POWERTOOLS_SERVICE_NAME": "transaction-processor",
    "POWERTOOLS_METRICS_NAMESPACE": "FraudDetection",
}


def test_the_contract_environment_reads_into_settings():
    settings = Settings.from_environ(ENVIRONMENT)
    assert settings.day_shard_count == 16 and settings.region == "us-east-2" and settings.log_level == "INFO"
    assert settings.aggregate_shard_count == 100 and settings.aggregates_table_name == "transactions-aggregates-dev"
    assert Settings.from_environ(ENVIRONMENT | {"LOG_LEVEL": "debug"}).log_level == "DEBUG"


def test_every_problem_is_named_at_once():
    broken = {k: v for k, v in ENVIRONMENT.items() if k not in ("TABLE_NAME", "BUCKET_NAME")}
    with pytest.raises(SettingsError) as caught:
        Settings.from_environ(broken | {"DAY_SHARD_COUNT": "sixteen", "LOG_LEVEL": "LOUD"})
    message = str(caught.value)
    for expected in ("TABLE_NAME is missing", "BUCKET_NAME is missing", "DAY_SHARD_COUNT must be", "LOG_LEVEL must be"):
        assert expected in message


@pytest.mark.parametrize("count", ["0", "-1", "1001", " "])
def test_shard_count_bounds(count):
    with pytest.raises(SettingsError, match="DAY_SHARD_COUNT"):
        Settings.from_environ(ENVIRONMENT | {"DAY_SHARD_COUNT": count})


@pytest.mark.parametrize("count", ["0", "101", "many"])
def test_aggregate_shard_count_fits_one_batch_get_and_one_transaction(count):
    with pytest.raises(SettingsError, match="AGGREGATE_SHARD_COUNT must be an integer from 1 to 100"):
        Settings.from_environ(ENVIRONMENT | {"AGGREGATE_SHARD_COUNT": count})
