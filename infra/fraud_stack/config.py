"""The stack's configuration, read once and checked before any resource is declared."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pulumi

# S3 bucket names are 3-63 characters of lowercase letters, digits, dots and hyphens; `fraud-reports-` takes 14 and the
# access-log bucket `fraud-reports-logs-` 19, so the suffix has at most 44. DynamoDB table names allow a superset.
SUFFIX_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,42}[a-z0-9])?$")
COST_CENTER_PATTERN = re.compile(r"^[\w .:/=+\-@]{1,256}$")  # what an AWS tag value allows
SUPPORTED_REGION = "us-east-2"


class ConfigError(ValueError):
    """A configuration value that would produce an invalid or unsafe stack."""


@dataclass(frozen=True)
class StackConfig:
    """Every knob of the stack, with the spec's values as defaults."""

    environment_suffix: str
    cost_center: str
    region: str = SUPPORTED_REGION
    lambda_reserved_concurrency: int = 100
    lambda_timeout_seconds: int = 300
    lambda_memory_mb: int = 512
    log_retention_days: int = 7
    api_throttle_rate_limit: int = 1000
    api_throttle_burst_limit: int = 2000
    api_integration_timeout_ms: int = 29_000
    error_rate_threshold_percent: float = 1.0
    day_shard_count: int = 16
    aggregate_shard_count: int = 100  # at most 100: one BatchGetItem reads a day's aggregates, one transaction rebuilds
    deletion_protection: bool = True
    alarm_email: str | None = None
    # Public Powertools for AWS Lambda (Python) v3 layer, python3.11 x86_64; pinned so deploys are reproducible.
    powertools_layer_version: int = 27

    def __post_init__(self) -> None:
        problems = list(_problems(self))
        if problems:
            raise ConfigError("invalid stack configuration:\n  - " + "\n  - ".join(problems))

    # Resource names derived from the suffix: one place, so the functions' environment and IAM agree.
    @property
    def table_name(self) -> str:
        return f"transactions-{self.environment_suffix}"

    @property
    def idempotency_table_name(self) -> str:
        return f"transactions-idempotency-{self.environment_suffix}"

    @property
    def aggregates_table_name(self) -> str:
        return f"transactions-aggregates-{self.environment_suffix}"

    @property
    def bucket_name(self) -> str:
        return f"fraud-reports-{self.environment_suffix}"

    @property
    def access_log_bucket_name(self) -> str:
        return f"fraud-reports-logs-{self.environment_suffix}"

    def function_name(self, role: str) -> str:
        return f"{role}-{self.environment_suffix}"

    @property
    def tags(self) -> dict[str, str]:
        return {"Environment": self.environment_suffix, "CostCenter": self.cost_center, "ManagedBy": "Pulumi"}


def _problems(cfg: StackConfig) -> list[str]:
    problems: list[str] = []
    if not SUFFIX_PATTERN.match(cfg.environment_suffix):
        problems.append(
            f"environmentSuffix {cfg.environment_suffix!r} must be 1-44 lowercase letters, digits or hyphens, "
            "starting and ending with a letter or digit (it becomes part of S3 bucket and DynamoDB table names)"
        )
    if not COST_CENTER_PATTERN.match(cfg.cost_center):
        problems.append(
            f"costCenter {cfg.cost_center!r} is not a valid AWS tag value (1-256 of letters, digits, _.:/=+-@)"
        )
    if cfg.region != SUPPORTED_REGION:
        problems.append(f"aws:region {cfg.region!r} is not supported: this system is deployed to {SUPPORTED_REGION}")
    checks = [
        ("lambdaReservedConcurrency", cfg.lambda_reserved_concurrency, 1, 1000),
        ("lambdaTimeoutSeconds", cfg.lambda_timeout_seconds, 1, 900),
        ("lambdaMemoryMb", cfg.lambda_memory_mb, 128, 10240),
        ("apiThrottleRateLimit", cfg.api_throttle_rate_limit, 1, 10000),
        ("apiThrottleBurstLimit", cfg.api_throttle_burst_limit, 1, 5000),
        ("apiIntegrationTimeoutMs", cfg.api_integration_timeout_ms, 50, 29000),
        ("dayShardCount", cfg.day_shard_count, 1, 256),
        ("aggregateShardCount", cfg.aggregate_shard_count, 1, 100),
    ]
    for key, value, low, high in checks:
        if not low <= value <= high:
            problems.append(f"{key} {value} must be between {low} and {high}")
    if cfg.log_retention_days not in _LOG_RETENTION_DAYS:
        problems.append(f"logRetentionDays {cfg.log_retention_days} is not a CloudWatch retention period")
    if not 0 < cfg.error_rate_threshold_percent < 100:
        problems.append(f"errorRateThresholdPercent {cfg.error_rate_threshold_percent} must be between 0 and 100")
    if cfg.alarm_email is not None and not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", cfg.alarm_email):
        problems.append(f"alarmEmail {cfg.alarm_email!r} is not an e-mail address")
    return problems


_LOG_RETENTION_DAYS = {
    1,
    3,
    5,
    7,
    14,
    30,
    60,
    90,
    120,
    150,
    180,
    365,
    400,
    545,
    731,
    1096,
    1827,
    2192,
    2557,
    2922,
    3288,
    3653,
}


def load_config() -> StackConfig:
    """Read the project's config (and aws:region) once. Raises ConfigError naming every bad key."""
    cfg = pulumi.Config()
    aws_cfg = pulumi.Config("aws")

    def integer(key: str, default: int) -> int:
        try:
            return cfg.get_int(key) if cfg.get(key) is not None else default
        except Exception as err:  # pulumi raises ConfigTypeError; say which key in our words
            raise ConfigError(f"{key} must be an integer, got {cfg.get(key)!r}") from err

    def boolean(key: str, default: bool) -> bool:
        raw = cfg.get(key)
        if raw is None:
            return default
        if raw.lower() not in ("true", "false"):
            raise ConfigError(f"{key} must be true or false, got {raw!r}")
        return raw.lower() == "true"

    def number(key: str, default: float) -> float:
        raw = cfg.get(key)
        try:
            return float(raw) if raw is not None else default
        except ValueError as err:
            raise ConfigError(f"{key} must be a number, got {raw!r}") from err

    return StackConfig(
        environment_suffix=cfg.get("environmentSuffix") or pulumi.get_stack(),
        cost_center=cfg.get("costCenter") or "fraud-detection",
        region=aws_cfg.get("region") or SUPPORTED_REGION,
        lambda_reserved_concurrency=integer("lambdaReservedConcurrency", 100),
        lambda_timeout_seconds=integer("lambdaTimeoutSeconds", 300),
        lambda_memory_mb=integer("lambdaMemoryMb", 512),
        log_retention_days=integer("logRetentionDays", 7),
        api_throttle_rate_limit=integer("apiThrottleRateLimit", 1000),
        api_throttle_burst_limit=integer("apiThrottleBurstLimit", 2000),
        api_integration_timeout_ms=integer("apiIntegrationTimeoutMs", 29_000),
        error_rate_threshold_percent=number("errorRateThresholdPercent", 1.0),
        day_shard_count=integer("dayShardCount", 16),
        aggregate_shard_count=integer("aggregateShardCount", 100),
        deletion_protection=boolean("deletionProtection", True),
        alarm_email=cfg.get("alarmEmail") or None,
        powertools_layer_version=integer("powertoolsLayerVersion", 27),
    )
