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
    assert "environmentSuffix 'Fraud_Reports' must be 1-44 lowercase letters" in str(caught.value)
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
