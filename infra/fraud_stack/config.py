"""The stack's configuration, read once and checked before any resource is declared."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

import pulumi

from fraud_stack import names
from fraud_stack.pins import pinned_version
from fraud_stack.runtimes import DEFAULT_RUNTIME, runtime_problem

# What S3 bucket names (a subset of DynamoDB's table names) allow; its length is checked against every derived name.
SUFFIX_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")
# S3 bucket naming rules (general purpose buckets): 3-63 of a-z 0-9 . -, starting and ending with a letter or digit.
BUCKET_PATTERN = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
BUCKET_RESERVED_PREFIXES = ("xn--", "sthree-", "amzn-s3-demo-")
BUCKET_RESERVED_SUFFIXES = ("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3")
GLOBAL_BUCKET_NAMES = (
    "S3 bucket names are global across all AWS accounts: if `fraud-reports-<suffix>` or `fraud-reports-logs-<suffix>` "
    "is taken (BucketAlreadyExists), set reportsBucketName / accessLogBucketName to names no other account uses"
)
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
    lambda_runtime: str = DEFAULT_RUNTIME
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
    # S3 names are global across all AWS accounts: these replace `fraud-reports-<suffix>` when that name is taken.
    reports_bucket_override: str | None = None
    access_log_bucket_override: str | None = None
    # `pulumi destroy` empties the buckets first (dev); off by default, so data is never deleted by a destroy.
    force_destroy: bool = False
    # Card data is not kept forever (PCI DSS 3.1): objects expire this many days after creation, and replaced or
    # deleted versions this many days after they stop being current.
    data_retention_days: int = 365
    noncurrent_version_retention_days: int = 30
    # The Powertools release the functions run: the one every test runs (the pin), resolved to its layer at deploy.
    powertools_version: str = pinned_version("aws-lambda-powertools")
    # The day the runtime is judged on (AWS blocks deprecated runtimes): today, unless a test pins it.
    today: datetime.date = field(default_factory=lambda: datetime.datetime.now(datetime.UTC).date(), compare=False)

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
        return names.reports_bucket(self.environment_suffix, self.reports_bucket_override)

    @property
    def access_log_bucket_name(self) -> str:
        return names.access_log_bucket(self.environment_suffix, self.access_log_bucket_override)

    def function_name(self, role: str) -> str:
        return f"{role}-{self.environment_suffix}"

    @property
    def tags(self) -> dict[str, str]:
        return {"Environment": self.environment_suffix, "CostCenter": self.cost_center, "ManagedBy": "Pulumi"}


def _problems(cfg: StackConfig) -> list[str]:
    problems: list[str] = []
    if not SUFFIX_PATTERN.match(cfg.environment_suffix):
        problems.append(
            f"environmentSuffix {cfg.environment_suffix!r} must be lowercase letters, digits or hyphens, "
            f"starting and ending with a letter or digit (it becomes part of S3 bucket and DynamoDB table names). "
            f"{GLOBAL_BUCKET_NAMES}"
        )
    else:
        problems += _name_length_problems(cfg)
    overrides = (
        ("reportsBucketName", cfg.reports_bucket_override),
        ("accessLogBucketName", cfg.access_log_bucket_override),
    )
    for key, bucket in overrides:  # the default names follow from a valid suffix
        if bucket is not None:
            problems += [f"{key} {bucket!r} {problem}" for problem in _bucket_name_problems(bucket)]
    if cfg.bucket_name == cfg.access_log_bucket_name:
        problems.append(f"reportsBucketName and accessLogBucketName are both {cfg.bucket_name!r}: use two buckets")
    if not COST_CENTER_PATTERN.match(cfg.cost_center):
        problems.append(
            f"costCenter {cfg.cost_center!r} is not a valid AWS tag value (1-256 of letters, digits, _.:/=+-@)"
        )
    if (problem := runtime_problem(cfg.lambda_runtime, cfg.today)) is not None:
        problems.append(problem)
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
        # Glacier bills at least 90 days after the transition at day 90: expiring earlier only adds a fee.
        ("dataRetentionDays", cfg.data_retention_days, 180, 36500),
        ("noncurrentVersionRetentionDays", cfg.noncurrent_version_retention_days, 1, 36500),
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


def _name_length_problems(cfg: StackConfig) -> list[str]:
    derived = names.derived_names(
        cfg.environment_suffix, cfg.reports_bucket_override, cfg.access_log_bucket_override, cfg.region
    )
    problems = []
    for name in names.too_long(derived):
        if cfg.environment_suffix not in name.name:
            continue  # an overridden bucket name: reported by the bucket rules
        longest = names.longest_suffix_allowed(cfg.reports_bucket_override, cfg.access_log_bucket_override)
        problems.append(
            f"environmentSuffix {cfg.environment_suffix!r} ({len(cfg.environment_suffix)} characters) makes the "
            f"{name.kind} name {name.name!r} {len(name.name)} characters long; AWS allows at most {name.limit} "
            f"(this stack's names leave room for a suffix of at most {longest})"
        )
    return problems


def _bucket_name_problems(bucket: str) -> list[str]:
    why = (
        "is not a valid S3 bucket name (3-63 of a-z 0-9 . -, starting and ending with a letter or digit, "
        f"no '..', not an IP address). {GLOBAL_BUCKET_NAMES}"
    )
    if (
        not BUCKET_PATTERN.match(bucket)
        or ".." in bucket
        or re.fullmatch(r"\d+\.\d+\.\d+\.\d+", bucket)
        or bucket.startswith(BUCKET_RESERVED_PREFIXES)
        or bucket.endswith(BUCKET_RESERVED_SUFFIXES)
    ):
        return [why]
    return []


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

    if cfg.get("powertoolsLayerVersion") is not None:
        raise ConfigError(
            "powertoolsLayerVersion is no longer used: the Powertools layer is resolved from the version pinned in "
            "constraints.txt (the one the tests run); remove the key with `pulumi config rm powertoolsLayerVersion`"
        )
    return StackConfig(
        environment_suffix=cfg.get("environmentSuffix") or pulumi.get_stack(),
        cost_center=cfg.get("costCenter") or "fraud-detection",
        region=aws_cfg.get("region") or SUPPORTED_REGION,
        lambda_runtime=cfg.get("lambdaRuntime") or DEFAULT_RUNTIME,
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
        reports_bucket_override=cfg.get("reportsBucketName") or None,
        access_log_bucket_override=cfg.get("accessLogBucketName") or None,
        force_destroy=boolean("forceDestroy", False),
        data_retention_days=integer("dataRetentionDays", 365),
        noncurrent_version_retention_days=integer("noncurrentVersionRetentionDays", 30),
    )
