"""The fraud-detection stack: read the config once, wire the subsystems, export what clients need."""

import pulumi
import pulumi_aws as aws

from fraud_stack.api import ApiArgs, TransactionsApi
from fraud_stack.config import load_config
from fraud_stack.data import Data, DataArgs
from fraud_stack.events import Events, EventsArgs
from fraud_stack.functions import Functions, FunctionsArgs
from fraud_stack.monitoring import Monitoring, MonitoringArgs
from fraud_stack.network import Network, NetworkArgs
from fraud_stack.provider import aws_provider

cfg = load_config()  # raises ConfigError, naming every bad key, before any resource is declared
prefix = f"fraud-detection-{cfg.environment_suffix}"
provider = aws_provider(cfg)
uses_provider = pulumi.ResourceOptions(provider=provider)
account_id = aws.get_caller_identity_output(opts=pulumi.InvokeOutputOptions(provider=provider)).account_id

network = Network(
    "network",
    NetworkArgs(
        name_prefix=prefix, region=cfg.region, account_id=account_id, log_retention_days=cfg.log_retention_days
    ),
    opts=uses_provider,
)
data = Data(
    "data",
    DataArgs(
        table_name=cfg.table_name,
        idempotency_table_name=cfg.idempotency_table_name,
        aggregates_table_name=cfg.aggregates_table_name,
        bucket_name=cfg.bucket_name,
        access_log_bucket_name=cfg.access_log_bucket_name,
        account_id=account_id,
        deletion_protection=cfg.deletion_protection,
        force_destroy=cfg.force_destroy,
        retention_days=cfg.data_retention_days,
        noncurrent_retention_days=cfg.noncurrent_version_retention_days,
    ),
    opts=uses_provider,
)
functions = Functions(
    "functions",
    FunctionsArgs(
        environment_suffix=cfg.environment_suffix,
        region=cfg.region,
        account_id=account_id,
        runtime=cfg.lambda_runtime,
        timeout_seconds=cfg.lambda_timeout_seconds,
        memory_mb=cfg.lambda_memory_mb,
        reserved_concurrency=cfg.lambda_reserved_concurrency,
        log_retention_days=cfg.log_retention_days,
        powertools_version=cfg.powertools_version,
        day_shard_count=cfg.day_shard_count,
        aggregate_shard_count=cfg.aggregate_shard_count,
        subnet_ids=network.subnet_ids,
        security_group_id=network.security_group_id,
        table_name=data.table_name,
        table_arn=data.table_arn,
        idempotency_table_name=data.idempotency_table_name,
        idempotency_table_arn=data.idempotency_table_arn,
        aggregates_table_name=data.aggregates_table_name,
        aggregates_table_arn=data.aggregates_table_arn,
        bucket_name=data.bucket_name,
        bucket_arn=data.bucket_arn,
    ),
    opts=uses_provider,
)
api = TransactionsApi(
    "api",
    ApiArgs(
        name_prefix=prefix,
        stage_name=cfg.environment_suffix,
        region=cfg.region,
        account_id=account_id,
        function_name=functions.processor.name,
        function_invoke_arn=functions.processor.invoke_arn,
        throttle_rate_limit=cfg.api_throttle_rate_limit,
        throttle_burst_limit=cfg.api_throttle_burst_limit,
        integration_timeout_ms=cfg.api_integration_timeout_ms,
        log_retention_days=cfg.log_retention_days,
    ),
    opts=uses_provider,
)
events = Events(
    "events",
    EventsArgs(
        name_prefix=prefix,
        stream_arn=data.stream_arn,
        analyzer_name=functions.analyzer.name,
        analyzer_arn=functions.analyzer.arn,
        analyzer_role_name=functions.roles["fraud-analyzer"].name,
        report_generator_name=functions.report_generator.name,
        report_generator_arn=functions.report_generator.arn,
        report_generator_role_name=functions.roles["report-generator"].name,
    ),
    opts=uses_provider,
)
Monitoring(
    "monitoring",
    MonitoringArgs(
        name_prefix=prefix,
        region=cfg.region,
        account_id=account_id,
        function_names={
            "transaction-processor": functions.processor.name,
            "fraud-analyzer": functions.analyzer.name,
            "report-generator": functions.report_generator.name,
        },
        analyzer_name=functions.analyzer.name,
        on_failure_queue_name=events.on_failure_queue_name,
        report_failure_queue_name=events.report_failure_queue_name,
        rest_api_name=api.rest_api_name,
        stage_name=api.stage_name,
        error_rate_threshold_percent=cfg.error_rate_threshold_percent,
        alarm_email=cfg.alarm_email,
        log_retention_days=cfg.log_retention_days,
    ),
    opts=uses_provider,
)

pulumi.export("api_url", api.url)
pulumi.export("bucket_name", data.bucket_name)
pulumi.export("table_name", data.table_name)
pulumi.export("api_key", api.api_key_value)
