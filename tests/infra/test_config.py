"""Configuration is read once, defaults are the spec's, and bad values stop the program before any resource."""

import pytest

from fraud_stack.config import ConfigError, StackConfig
from fraudctl.program.runner import ProgramError, run_program


def test_defaults_are_the_specs_values():
    cfg = StackConfig(environment_suffix="dev", cost_center="fraud-detection")
    assert (cfg.lambda_reserved_concurrency, cfg.lambda_timeout_seconds, cfg.log_retention_days) == (100, 300, 7)
    assert (cfg.api_throttle_rate_limit, cfg.error_rate_threshold_percent, cfg.region) == (1000, 1.0, "us-east-2")
    assert (cfg.table_name, cfg.bucket_name) == ("transactions-dev", "fraud-reports-dev")
    assert (cfg.aggregates_table_name, cfg.aggregate_shard_count) == ("transactions-aggregates-dev", 100)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("environment_suffix", "Prod", "environmentSuffix 'Prod'"),
        ("environment_suffix", "a" * 45, "environmentSuffix"),
        ("environment_suffix", "-dev", "environmentSuffix '-dev'"),
        ("region", "eu-west-1", "aws:region 'eu-west-1' is not supported"),
        ("log_retention_days", 8, "logRetentionDays 8"),
        ("lambda_timeout_seconds", 901, "lambdaTimeoutSeconds 901"),
        ("cost_center", "", "costCenter ''"),
        ("aggregate_shard_count", 101, "aggregateShardCount 101 must be between 1 and 100"),
    ],
)
def test_bad_values_are_refused_with_the_key_named(field, value, message):
    values = {"environment_suffix": "dev", "cost_center": "fraud-detection", field: value}
    with pytest.raises(ConfigError, match="invalid stack configuration") as caught:
        StackConfig(**values)
    assert message in str(caught.value)


def test_a_suffix_that_breaks_bucket_names_stops_the_program_before_any_resource(project_root):
    with pytest.raises(ProgramError) as caught:
        run_program(project_root, "dev", {"fraud-detection:environmentSuffix": "Fraud_Reports"})
    assert "environmentSuffix 'Fraud_Reports' must be lowercase letters, digits or hyphens" in str(caught.value)
    assert "S3 bucket names are global across all AWS accounts" in str(caught.value)
    assert [r.type for r in caught.value.declared] == ["pulumi:pulumi:Stack"]


def test_a_non_integer_is_named(project_root):
    with pytest.raises(ProgramError, match="lambdaTimeoutSeconds must be an integer, got 'soon'"):
        run_program(project_root, "dev", {"fraud-detection:lambdaTimeoutSeconds": "soon"})


def test_environment_suffix_defaults_to_the_stack_name(project_root, tmp_path):
    for name in ("Pulumi.yaml",):
        (tmp_path / name).write_text(
            (project_root / name).read_text().replace("main: infra/", f"main: {project_root / 'infra'}")
        )
    run = run_program(tmp_path, "staging")
    assert run.outputs["table_name"] == "transactions-staging"


def test_bucket_names_can_be_overridden_because_s3_names_are_global(project_root):
    run = run_program(
        project_root,
        "dev",
        {
            "fraud-detection:reportsBucketName": "acme-fraud-reports-dev-123456789012",
            "fraud-detection:accessLogBucketName": "acme-fraud-logs-dev-123456789012",
        },
    )
    buckets = {b.name: b.inputs["bucket"] for b in run.by_type("aws:s3/bucket:Bucket")}
    assert buckets == {
        "data-reports": "acme-fraud-reports-dev-123456789012",
        "data-access-logs": "acme-fraud-logs-dev-123456789012",
    }
    # Everything that names the bucket follows: the functions' environment, the log delivery grant, the output.
    functions = run.by_type("aws:lambda/function:Function")
    assert {f.inputs["environment"]["variables"]["BUCKET_NAME"] for f in functions} == {buckets["data-reports"]}
    assert run.outputs["bucket_name"] == buckets["data-reports"]
    logging = next(r for r in run.by_type("aws:s3/bucketLogging:BucketLogging"))
    assert logging.inputs["targetBucket"] == buckets["data-access-logs"]


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("reportsBucketName", "Fraud_Reports"),
        ("reportsBucketName", "ab"),
        ("accessLogBucketName", "192.168.1.10"),
        ("accessLogBucketName", "logs..dev"),
        ("reportsBucketName", "reports-s3alias"),
    ],
)
def test_a_bad_bucket_name_is_refused_with_the_global_names_hint(key, value):
    field = {"reportsBucketName": "reports_bucket_override", "accessLogBucketName": "access_log_bucket_override"}
    with pytest.raises(ConfigError) as caught:
        StackConfig(environment_suffix="dev", cost_center="fraud-detection", **{field[key]: value})
    assert f"{key} {value!r} is not a valid S3 bucket name" in str(caught.value)
    assert "S3 bucket names are global across all AWS accounts" in str(caught.value)


def test_the_two_buckets_must_differ():
    with pytest.raises(ConfigError, match="both 'same-bucket-name': use two buckets"):
        StackConfig(
            environment_suffix="dev",
            cost_center="x",
            reports_bucket_override="same-bucket-name",
            access_log_bucket_override="same-bucket-name",
        )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("data_retention_days", 90, "dataRetentionDays 90 must be between 180"),
        ("noncurrent_version_retention_days", 0, "noncurrentVersionRetentionDays 0 must be between 1"),
    ],
)
def test_retention_periods_are_checked(field, value, message):
    with pytest.raises(ConfigError, match=message):
        StackConfig(environment_suffix="dev", cost_center="x", **{field: value})


def test_the_retired_layer_version_key_is_refused_with_the_reason(project_root):
    with pytest.raises(ProgramError, match="powertoolsLayerVersion is no longer used"):
        run_program(project_root, "dev", {"fraud-detection:powertoolsLayerVersion": "27"})
