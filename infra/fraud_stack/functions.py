"""The three functions: transaction processor (API), fraud analyzer (stream), report generator (schedule)."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from fraud_stack.data import CUSTOMER_INDEX, DAY_INDEX, FLAGGED_INDEX, PENDING_INDEX
from fraud_stack.iam import Statement
from fraud_stack.lambda_function import FunctionSettings, FunctionSpec, declare_function, function_code
from fraud_stack.powertools import powertools_layer_arn


@dataclass(frozen=True)
class FunctionsArgs:
    environment_suffix: str
    region: str
    account_id: pulumi.Input[str]
    runtime: str
    timeout_seconds: int
    memory_mb: int
    reserved_concurrency: int
    log_retention_days: int
    powertools_version: str
    day_shard_count: int
    aggregate_shard_count: int
    subnet_ids: pulumi.Input[list[str]]
    security_group_id: pulumi.Input[str]
    table_name: pulumi.Input[str]
    table_arn: pulumi.Input[str]
    idempotency_table_name: pulumi.Input[str]
    idempotency_table_arn: pulumi.Input[str]
    aggregates_table_name: pulumi.Input[str]
    aggregates_table_arn: pulumi.Input[str]
    bucket_name: pulumi.Input[str]
    bucket_arn: pulumi.Input[str]


class Functions(pulumi.ComponentResource):
    processor: aws.lambda_.Function
    analyzer: aws.lambda_.Function
    report_generator: aws.lambda_.Function
    roles: dict[str, aws.iam.Role]

    def __init__(self, name: str, args: FunctionsArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("fraud:functions:Functions", name, None, opts)
        suffix = args.environment_suffix
        table_arn = pulumi.Output.from_input(args.table_arn)
        bucket_arn = pulumi.Output.from_input(args.bucket_arn)
        aggregates_arn = args.aggregates_table_arn

        reports_prefix = bucket_arn.apply(lambda arn: f"{arn}/reports/*")

        def index_arn(index: str) -> pulumi.Output[str]:
            return table_arn.apply(lambda arn: f"{arn}/index/{index}")

        settings = FunctionSettings(
            runtime=args.runtime,
            region=args.region,
            timeout_seconds=args.timeout_seconds,
            memory_mb=args.memory_mb,
            reserved_concurrency=args.reserved_concurrency,
            log_retention_days=args.log_retention_days,
            layer_arns=[powertools_layer_arn(args.powertools_version, args.runtime, parent=self)],
            subnet_ids=args.subnet_ids,
            security_group_id=args.security_group_id,
            account_id=args.account_id,
            shared_environment={
                "TABLE_NAME": args.table_name,
                "IDEMPOTENCY_TABLE_NAME": args.idempotency_table_name,
                "AGGREGATES_TABLE_NAME": args.aggregates_table_name,
                "BUCKET_NAME": args.bucket_name,
                "CUSTOMER_INDEX_NAME": CUSTOMER_INDEX,
                "DAY_INDEX_NAME": DAY_INDEX,
                "FLAGGED_INDEX_NAME": FLAGGED_INDEX,
                "PENDING_INDEX_NAME": PENDING_INDEX,
                "DAY_SHARD_COUNT": str(args.day_shard_count),
                "AGGREGATE_SHARD_COUNT": str(args.aggregate_shard_count),
                "ENVIRONMENT": suffix,
                # AWS_REGION is reserved by Lambda; the code reads this to check it runs where it was deployed.
                "DEPLOYMENT_REGION": args.region,
                "POWERTOOLS_METRICS_NAMESPACE": "FraudDetection",
                "LOG_LEVEL": "INFO",
                # glibc gives each thread its own malloc arena: the report's 16 index readers would grow its memory
                # with the day (measured 89 -> 125 MiB from 4,000 to 400,000 flagged; 88 -> 95 with 2 arenas).
                # The other handlers are single-threaded: nothing changes for them.
                "MALLOC_ARENA_MAX": "2",
            },
        )
        specs = [
            FunctionSpec(
                logical="transaction-processor",
                function_name=f"transaction-processor-{suffix}",
                handler="transaction_processor.handler",
                service_name="transaction-processor",
                statements=[
                    # GET by id is a Query (the table has a sort key); the code never calls GetItem on it.
                    Statement("StoreAndReadTransactions", ["dynamodb:PutItem", "dynamodb:Query"], [table_arn]),
                    Statement(
                        "IdempotencyRecords",
                        ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"],
                        [args.idempotency_table_arn],
                    ),
                    # PUT /transactions/{id}/label: the label on its item and, in the same transaction, the ADD
                    # on its terminal's and merchant's counters (TransactWriteItems is authorised per action).
                    Statement("RecordLabels", ["dynamodb:UpdateItem"], [table_arn]),
                    Statement("CountConfirmedFrauds", ["dynamodb:UpdateItem"], [aggregates_arn]),
                ],
            ),
            FunctionSpec(
                logical="fraud-analyzer",
                function_name=f"fraud-analyzer-{suffix}",
                handler="fraud_analyzer.handler",
                service_name="fraud-analyzer",
                statements=[
                    # Read by the event source mapping, which uses the function's role.
                    Statement(
                        "ReadTransactionStream",
                        ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"],
                        [table_arn.apply(lambda arn: f"{arn}/stream/*")],
                    ),
                    # Lambda's documented execution-role permissions for DynamoDB streams include ListStreams, which
                    # supports no resource-level permission (Service Authorization Reference): on the stream ARN it
                    # would allow nothing. It only lists stream ARNs. (CDK's DynamoEventSource grants it the same way.)
                    Statement("ListTransactionStreams", ["dynamodb:ListStreams"], ["*"]),
                    Statement("QueryCustomerHistory", ["dynamodb:Query"], [index_arn(CUSTOMER_INDEX)]),
                    # The analysis and its counts in one TransactWriteItems: UpdateItem on both tables.
                    Statement("RecordAnalysis", ["dynamodb:UpdateItem"], [table_arn]),
                    Statement("ReadAndAddCounts", ["dynamodb:BatchGetItem", "dynamodb:UpdateItem"], [aggregates_arn]),
                    Statement("WriteAlerts", ["s3:PutObject"], [bucket_arn.apply(lambda arn: f"{arn}/alerts/*")]),
                ],
            ),
            FunctionSpec(
                logical="report-generator",
                function_name=f"report-generator-{suffix}",
                handler="report_generator.handler",
                service_name="report-generator",
                statements=[
                    Statement(
                        "QueryFlaggedAndPending",
                        ["dynamodb:Query"],
                        [index_arn(FLAGGED_INDEX), index_arn(PENDING_INDEX)],
                    ),
                    Statement("ReadDayAggregates", ["dynamodb:BatchGetItem"], [aggregates_arn]),
                    # PutObject also covers a multipart upload's create, parts and completion; abort is its own action.
                    Statement("WriteReports", ["s3:PutObject"], [reports_prefix]),
                    Statement("AbortReportUploads", ["s3:AbortMultipartUpload"], [reports_prefix]),
                ],
            ),
        ]
        code = function_code()
        declared = {spec.logical: declare_function(spec, settings, code, parent=self) for spec in specs}
        self.processor = declared["transaction-processor"][0]
        self.analyzer = declared["fraud-analyzer"][0]
        self.report_generator = declared["report-generator"][0]
        self.roles = {logical: role for logical, (_, role) in declared.items()}
        self.register_outputs(
            {
                "processor_name": self.processor.name,
                "analyzer_name": self.analyzer.name,
                "report_generator_name": self.report_generator.name,
            }
        )
