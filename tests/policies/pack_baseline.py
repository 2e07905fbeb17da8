"""A compliant stack shaped like infra/ declares it: every policy of the pack must stay silent on it.

Property names and shapes follow pulumi-aws's wire names (camelCase, nested objects, JSON policy documents); the
provider carries the default tags as a JSON string, as Python SDKs send provider inputs.
"""

from __future__ import annotations

import json
from typing import Any

from fraud_guardrails import types as T
from pack_baseline_common import (
    ACCOUNT,
    API_ID,
    FILE_ARCHIVE,
    FUNCTIONS,
    PREFIX,
    REGION,
    SUFFIX,
    TAGS,
    allow,
    arn,
    document,
    trust,
)
from pack_baseline_network import network
from pack_harness import Res, Stack


def provider() -> Res:
    return Res(
        T.AWS_PROVIDER,
        "aws-us-east-2",
        {"region": REGION, "defaultTags": json.dumps({"tags": TAGS}), "skipRegionValidation": "true"},
        provider=None,
    )


def secure_bucket(logical: str, name: str, versioned: bool, log_bucket: tuple[str, str] | None) -> list[Res]:
    """The bucket and its configuration resources, like infra's secure_bucket()."""
    bucket_arn = f"arn:aws:s3:::{name}"
    on_bucket = {"bucket": [logical]}
    resources = [
        Res(T.S3_BUCKET, logical, {"bucket": name, "forceDestroy": False}, outputs={"arn": bucket_arn}),
        Res(
            T.S3_BUCKET_SSE,
            f"{logical}-sse",
            {"bucket": name, "rules": [{"applyServerSideEncryptionByDefault": {"sseAlgorithm": "AES256"}}]},
            deps=on_bucket,
        ),
        Res(
            T.S3_BUCKET_OWNERSHIP_CONTROLS,
            f"{logical}-ownership",
            {"bucket": name, "rule": {"objectOwnership": "BucketOwnerEnforced"}},
            deps=on_bucket,
        ),
        Res(
            T.S3_BUCKET_PUBLIC_ACCESS_BLOCK,
            f"{logical}-public-access",
            {
                "bucket": name,
                "blockPublicAcls": True,
                "blockPublicPolicy": True,
                "ignorePublicAcls": True,
                "restrictPublicBuckets": True,
            },
            deps=on_bucket,
        ),
        Res(
            T.S3_BUCKET_POLICY,
            f"{logical}-tls-only",
            {
                "bucket": name,
                "policy": document(
                    {
                        "Sid": "DenyInsecureTransport",
                        "Effect": "Deny",
                        "Principal": "*",
                        "Action": "s3:*",
                        "Resource": [bucket_arn, f"{bucket_arn}/*"],
                        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                    }
                ),
            },
            deps={"bucket": [logical], "policy": [logical]},
        ),
        Res(
            T.S3_BUCKET_LIFECYCLE,
            f"{logical}-lifecycle",
            {
                "bucket": name,
                "rules": [
                    {
                        "id": "tiering",
                        "status": "Enabled",
                        "filter": {"prefix": ""},
                        "transitions": [
                            {"days": 30, "storageClass": "STANDARD_IA"},
                            {"days": 90, "storageClass": "GLACIER"},
                        ],
                        "abortIncompleteMultipartUpload": {"daysAfterInitiation": 7},
                    }
                ],
                "transitionDefaultMinimumObjectSize": "varies_by_storage_class",
            },
            deps=on_bucket,
        ),
    ]
    resources.append(
        Res(
            T.S3_BUCKET_NOTIFICATION,
            f"{logical}-notifications",
            {
                "bucket": name,
                "topics": [{"topicArn": arn("sns", f"{PREFIX}-alarms"), "events": ["s3:ObjectRemoved:*"]}],
            },
            deps=on_bucket,
        )
    )
    if versioned:
        resources.append(
            Res(
                T.S3_BUCKET_VERSIONING,
                f"{logical}-versioning",
                {"bucket": name, "versioningConfiguration": {"status": "Enabled"}},
                deps=on_bucket,
            )
        )
    if log_bucket is not None:
        log_logical, log_name = log_bucket
        resources.append(
            Res(
                T.S3_BUCKET_LOGGING,
                f"{logical}-access-logging",
                {"bucket": name, "targetBucket": log_name, "targetPrefix": f"s3-access/{name}/"},
                deps={"bucket": [logical], "targetBucket": [log_logical]},
            )
        )
    return resources


def data() -> list[Res]:
    table_name = f"transactions-{SUFFIX}"
    table = Res(
        T.DYNAMODB_TABLE,
        "data-transactions",
        {
            "name": table_name,
            "billingMode": "PAY_PER_REQUEST",
            "hashKey": "transactionId",
            "rangeKey": "timestamp",
            "attributes": [{"name": "transactionId", "type": "S"}, {"name": "timestamp", "type": "N"}],
            "streamEnabled": True,
            "streamViewType": "NEW_AND_OLD_IMAGES",
            "pointInTimeRecovery": {"enabled": True},
            "serverSideEncryption": {"enabled": True},
            "deletionProtectionEnabled": True,
        },
        outputs={"arn": arn("dynamodb", f"table/{table_name}")},
    )
    idempotency = Res(
        T.DYNAMODB_TABLE,
        "data-idempotency",
        {
            "name": f"transactions-idempotency-{SUFFIX}",
            "billingMode": "PAY_PER_REQUEST",
            "hashKey": "id",
            "attributes": [{"name": "id", "type": "S"}],
            "ttl": {"attributeName": "expiration", "enabled": True},
            "pointInTimeRecovery": {"enabled": True},
            "deletionProtectionEnabled": True,
        },
    )
    logs_name, reports_name = f"fraud-reports-logs-{SUFFIX}", f"fraud-reports-{SUFFIX}"
    return [
        table,
        idempotency,
        *secure_bucket("data-access-logs", logs_name, versioned=True, log_bucket=None),
        *secure_bucket("data-reports", reports_name, versioned=True, log_bucket=("data-access-logs", logs_name)),
    ]


def function(logical: str) -> list[Res]:
    name = f"{logical}-{SUFFIX}"
    log_group_name = f"/aws/lambda/{name}"
    table_arn = arn("dynamodb", f"table/transactions-{SUFFIX}")
    log_group = Res(T.LOG_GROUP, f"{logical}-logs", {"name": log_group_name, "retentionInDays": 7})
    role = Res(
        T.IAM_ROLE,
        f"{logical}-role",
        {"name": f"{name}-role", "assumeRolePolicy": trust("lambda.amazonaws.com"), "description": f"Role of {name}"},
    )
    policy = Res(
        T.IAM_ROLE_POLICY,
        f"{logical}-policy",
        {
            "name": f"{name}-least-privilege",
            "role": f"{name}-role",
            "policy": document(
                allow(
                    "StoreAndReadTransactions", ["dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:Query"], [table_arn]
                ),
                allow(
                    "WriteOwnLogs",
                    ["logs:CreateLogStream", "logs:PutLogEvents"],
                    [arn("logs", f"log-group:{log_group_name}:*")],
                ),
                allow(
                    "ManageVpcNetworkInterfaces",
                    [
                        "ec2:AssignPrivateIpAddresses",
                        "ec2:CreateNetworkInterface",
                        "ec2:DeleteNetworkInterface",
                        "ec2:UnassignPrivateIpAddresses",
                    ],
                    [
                        arn("ec2", "network-interface/*"),
                        arn("ec2", "subnet/subnet-0"),
                        arn("ec2", "subnet/subnet-1"),
                        arn("ec2", "security-group/sg-1"),
                    ],
                ),
                allow("DescribeVpcNetwork", ["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"], ["*"]),
                allow("WriteTraces", ["xray:PutTelemetryRecords", "xray:PutTraceSegments"], ["*"]),
            ),
        },
        deps={"role": [f"{logical}-role"]},
    )
    fn = Res(
        T.LAMBDA_FUNCTION,
        logical,
        {
            "name": name,
            "runtime": "python3.13",
            "handler": f"{logical.replace('-', '_')}.handler",
            "role": f"arn:aws:iam::{ACCOUNT}:role/{name}-role",
            "code": FILE_ARCHIVE,
            "timeout": 300,
            "memorySize": 512,
            "reservedConcurrentExecutions": 100,
            "layers": [f"arn:aws:lambda:{REGION}:017000801446:layer:AWSLambdaPowertoolsPythonV3-python311-x86_64:27"],
            "vpcConfig": {"subnetIds": ["subnet-0", "subnet-1"], "securityGroupIds": ["sg-1"]},
            "tracingConfig": {"mode": "Active"},
            "loggingConfig": {"logFormat": "JSON", "logGroup": log_group_name, "applicationLogLevel": "INFO"},
            "environment": {"variables": {"TABLE_NAME": f"transactions-{SUFFIX}", "POWERTOOLS_SERVICE_NAME": logical}},
        },
        outputs={"arn": arn("lambda", f"function:{name}")},
        deps={
            "role": [f"{logical}-role"],
            "vpcConfig": ["network-private-0", "network-private-1", "network-functions-sg"],
            "loggingConfig": [f"{logical}-logs"],
        },
    )
    return [log_group, role, policy, fn]


def api() -> list[Res]:
    stage_arn = f"arn:aws:apigateway:{REGION}::/restapis/{API_ID}/stages/{SUFFIX}"
    execution_arn = arn("execute-api", API_ID)
    rest_api = Res(
        "aws:apigateway/restApi:RestApi",
        "api-rest-api",
        {"name": f"{PREFIX}-api", "endpointConfiguration": {"types": "REGIONAL"}},
        outputs={"executionArn": execution_arn, "rootResourceId": "root0"},
    )
    on_api = {"restApi": ["api-rest-api"]}
    methods = [
        Res(
            T.APIGATEWAY_METHOD,
            f"api-{verb.lower()}-method",
            {
                "restApi": API_ID,
                "resourceId": f"res-{verb.lower()}",
                "httpMethod": verb,
                "authorization": "NONE",
                "apiKeyRequired": True,
                "requestValidatorId": "validator-1",
            },
            deps=on_api,
        )
        for verb in ("POST", "GET")
    ]
    cloudwatch_role = Res(T.IAM_ROLE, "api-cloudwatch-role", {"assumeRolePolicy": trust("apigateway.amazonaws.com")})
    cloudwatch_policy = Res(
        T.IAM_ROLE_POLICY,
        "api-cloudwatch-policy",
        {
            "role": "api-cloudwatch-role",
            "policy": document(
                allow(
                    "PushApiGatewayLogs",
                    ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
                    [arn("logs", "log-group:*")],
                ),
                allow("FindLogGroups", ["logs:DescribeLogGroups"], ["*"]),
            ),
        },
    )
    account = Res(
        T.APIGATEWAY_ACCOUNT,
        "api-account",
        {"cloudwatchRoleArn": f"arn:aws:iam::{ACCOUNT}:role/api-cloudwatch-role"},
        deps={"cloudwatchRoleArn": ["api-cloudwatch-role"]},
    )
    execution_logs = Res(
        T.LOG_GROUP,
        "api-execution-logs",
        {"name": f"API-Gateway-Execution-Logs_{API_ID}/{SUFFIX}", "retentionInDays": 7},
    )
    access_logs = Res(
        T.LOG_GROUP, "api-access-logs", {"name": f"/aws/apigateway/{PREFIX}/access", "retentionInDays": 7}
    )
    stage = Res(
        T.APIGATEWAY_STAGE,
        "api-stage",
        {
            "restApi": API_ID,
            "deployment": "deployment-1",
            "stageName": SUFFIX,
            "xrayTracingEnabled": True,
            "accessLogSettings": {
                "destinationArn": arn("logs", f"log-group:/aws/apigateway/{PREFIX}/access"),
                "format": json.dumps({"requestId": "$context.requestId", "status": "$context.status"}),
            },
        },
        outputs={"arn": stage_arn, "executionArn": f"{execution_arn}/{SUFFIX}"},
        deps={**on_api, "accessLogSettings": ["api-access-logs"]},
    )
    settings = Res(
        T.APIGATEWAY_METHOD_SETTINGS,
        "api-all-methods",
        {
            "restApi": API_ID,
            "stageName": SUFFIX,
            "methodPath": "*/*",
            "settings": {
                "metricsEnabled": True,
                "loggingLevel": "INFO",
                "dataTraceEnabled": False,
                "throttlingRateLimit": 1000,
                "throttlingBurstLimit": 2000,
                "cachingEnabled": False,
            },
        },
        deps={**on_api, "stageName": ["api-stage"]},
    )
    permissions = [
        Res(
            T.LAMBDA_PERMISSION,
            f"api-{verb.lower()}-invoke",
            {
                "action": "lambda:InvokeFunction",
                "function": f"transaction-processor-{SUFFIX}",
                "principal": "apigateway.amazonaws.com",
                "sourceArn": f"{execution_arn}/{SUFFIX}/{verb}/{path}",
                "sourceAccount": ACCOUNT,  # the GET route's ARN ends in a wildcard: the account pins it (Lambda.1)
            },
        )
        for verb, path in (("POST", "transactions"), ("GET", "transactions/*"))
    ]
    acl_arn = arn("wafv2", f"regional/webacl/{PREFIX}-api/acl-1")
    web_acl = Res(
        T.WAFV2_WEB_ACL,
        "api-waf",
        {
            "name": f"{PREFIX}-api",
            "scope": "REGIONAL",
            "defaultAction": {"allow": {}},
            "rules": [
                {
                    "name": group,
                    "priority": priority,
                    "overrideAction": {"none": {}},
                    "statement": {"managedRuleGroupStatement": {"vendorName": "AWS", "name": group}},
                    "visibilityConfig": {
                        "cloudwatchMetricsEnabled": True,
                        "metricName": group,
                        "sampledRequestsEnabled": True,
                    },
                }
                for priority, group in enumerate(
                    (
                        "AWSManagedRulesCommonRuleSet",
                        "AWSManagedRulesKnownBadInputsRuleSet",
                        "AWSManagedRulesAnonymousIpList",
                    ),
                    start=1,
                )
            ],
        },
        outputs={"arn": acl_arn},
    )
    waf_logs_name = f"aws-waf-logs-{PREFIX}-api"
    waf_logs = Res(T.LOG_GROUP, "api-waf-logs", {"name": waf_logs_name, "retentionInDays": 7})
    waf_logging = Res(
        T.WAFV2_WEB_ACL_LOGGING,
        "api-waf-logging",
        {
            "resourceArn": acl_arn,
            "logDestinationConfigs": [arn("logs", f"log-group:{waf_logs_name}")],
            "redactedFields": [{"singleHeader": {"name": "x-api-key"}}],
        },
        deps={"resourceArn": ["api-waf"], "logDestinationConfigs": ["api-waf-logs"]},
    )
    association = Res(
        T.WAFV2_WEB_ACL_ASSOCIATION,
        "api-waf-association",
        {"resourceArn": stage_arn, "webAclArn": acl_arn},
        deps={"resourceArn": ["api-stage"], "webAclArn": ["api-waf"]},
    )
    return [
        rest_api,
        *methods,
        cloudwatch_role,
        cloudwatch_policy,
        account,
        execution_logs,
        access_logs,
        stage,
        settings,
        *permissions,
        web_acl,
        waf_logs,
        waf_logging,
        association,
    ]


def events() -> list[Res]:
    queue_name = f"{PREFIX}-analyzer-on-failure"
    queue_arn = arn("sqs", queue_name)
    rule_arn = arn("events", f"rule/{PREFIX}-daily-report")
    return [
        Res(
            T.SQS_QUEUE,
            "events-analyzer-on-failure",
            {"name": queue_name, "sqsManagedSseEnabled": True, "messageRetentionSeconds": 1209600},
            outputs={"arn": queue_arn},
        ),
        Res(
            T.IAM_ROLE_POLICY,
            "events-analyzer-on-failure-policy",
            {
                "role": f"fraud-analyzer-{SUFFIX}-role",
                "policy": document(allow("SendStreamFailures", ["sqs:SendMessage"], [queue_arn])),
            },
        ),
        Res(
            T.LAMBDA_EVENT_SOURCE_MAPPING,
            "events-transactions-stream",
            {
                "eventSourceArn": arn("dynamodb", f"table/transactions-{SUFFIX}/stream/2026-01-01T00:00:00.000"),
                "functionName": arn("lambda", f"function:fraud-analyzer-{SUFFIX}"),
                "startingPosition": "TRIM_HORIZON",
                "batchSize": 100,
                "bisectBatchOnFunctionError": True,
                "maximumRetryAttempts": 3,
                "maximumRecordAgeInSeconds": 3600,
                "functionResponseTypes": ["ReportBatchItemFailures"],
                "filterCriteria": {"filters": [{"pattern": json.dumps({"eventName": ["INSERT"]})}]},
                "destinationConfig": {"onFailure": {"destinationArn": queue_arn}},
            },
            deps={"destinationConfig": ["events-analyzer-on-failure"]},
        ),
        Res(
            "aws:cloudwatch/eventRule:EventRule",
            "events-daily-report",
            {"name": f"{PREFIX}-daily-report", "scheduleExpression": "cron(0 0 * * ? *)"},
            outputs={"arn": rule_arn},
        ),
        Res(
            T.LAMBDA_PERMISSION,
            "events-daily-report-invoke",
            {
                "action": "lambda:InvokeFunction",
                "function": f"report-generator-{SUFFIX}",
                "principal": "events.amazonaws.com",
                "sourceArn": rule_arn,
            },
        ),
    ]


def error_rate_alarm(logical: str) -> Res:
    dimensions = {"FunctionName": f"{logical}-{SUFFIX}"}

    def metric(query_id: str, name: str) -> dict[str, Any]:
        return {
            "id": query_id,
            "returnData": False,
            "metric": {
                "namespace": "AWS/Lambda",
                "metricName": name,
                "dimensions": dimensions,
                "period": 60,
                "stat": "Sum",
            },
        }

    return Res(
        T.METRIC_ALARM,
        f"monitoring-{logical}-error-rate",
        {
            "name": f"{PREFIX}-{logical}-error-rate",
            "comparisonOperator": "GreaterThanThreshold",
            "threshold": 1,
            "evaluationPeriods": 5,
            "datapointsToAlarm": 3,
            "treatMissingData": "notBreaching",
            "alarmActions": [arn("sns", f"{PREFIX}-alarms")],
            "okActions": [arn("sns", f"{PREFIX}-alarms")],
            "metricQueries": [
                metric("errors", "Errors"),
                metric("invocations", "Invocations"),
                {
                    "id": "rate",
                    "expression": "IF(invocations > 0, 100 * errors / invocations, 0)",
                    "label": "percent",
                    "returnData": True,
                },
            ],
        },
        deps={"metricQueries": [logical], "alarmActions": ["monitoring-alarms"]},
    )


def monitoring() -> list[Res]:
    key_arn = arn("kms", "key/key-1")
    topic_arn = arn("sns", f"{PREFIX}-alarms")
    feedback_role_arn = f"arn:aws:iam::{ACCOUNT}:role/monitoring-alarms-feedback-role"
    key_policy = document(
        {
            "Sid": "AccountAdministersKey",
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
            "Action": ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:PutKeyPolicy", "kms:ScheduleKeyDeletion"],
            "Resource": "*",
        },
        {
            "Sid": "CloudWatchAlarmsPublish",
            "Effect": "Allow",
            "Principal": {"Service": "cloudwatch.amazonaws.com"},
            "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
            "Resource": "*",
            "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}},
        },
    )
    topic_policy = document(
        {
            "Sid": "CloudWatchAlarmsPublish",
            "Effect": "Allow",
            "Principal": {"Service": "cloudwatch.amazonaws.com"},
            "Action": "sns:Publish",
            "Resource": topic_arn,
            "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}},
        }
    )
    return [
        Res(
            T.KMS_KEY,
            "monitoring-alarms-key",
            {
                "description": "Encrypts the alarm topic",
                "enableKeyRotation": True,
                "deletionWindowInDays": 30,
                "policy": key_policy,
            },
            outputs={"arn": key_arn},
        ),
        Res(
            T.SNS_TOPIC,
            "monitoring-alarms",
            {
                "name": f"{PREFIX}-alarms",
                "kmsMasterKeyId": key_arn,
                **{
                    f"{protocol}{outcome}FeedbackRoleArn": feedback_role_arn
                    for protocol in ("http", "lambda", "sqs")
                    for outcome in ("Success", "Failure")
                },
            },
            outputs={"arn": topic_arn},
        ),
        Res(T.IAM_ROLE, "monitoring-alarms-feedback-role", {"assumeRolePolicy": trust("sns.amazonaws.com")}),
        Res(
            T.IAM_ROLE_POLICY,
            "monitoring-alarms-feedback-policy",
            {
                "role": "monitoring-alarms-feedback-role",
                "policy": document(
                    allow(
                        "WriteDeliveryStatusLogs",
                        ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:PutRetentionPolicy"],
                        [arn("logs", f"log-group:sns/{REGION}/{ACCOUNT}/{PREFIX}-alarms*")],
                    )
                ),
            },
        ),
        *(
            Res(
                T.LOG_GROUP,
                f"monitoring-alarms-{kind}",
                {"name": f"sns/{REGION}/{ACCOUNT}/{PREFIX}-alarms{suffix}", "retentionInDays": 7},
            )
            for kind, suffix in (("delivery", ""), ("delivery-failures", "/Failure"))
        ),
        Res(T.SNS_TOPIC_POLICY, "monitoring-alarms-policy", {"arn": topic_arn, "policy": topic_policy}),
        *(error_rate_alarm(logical) for logical in FUNCTIONS),
        Res(
            T.METRIC_ALARM,
            "monitoring-fraud-analyzer-iterator-age",
            {
                "name": f"{PREFIX}-fraud-analyzer-iterator-age",
                "comparisonOperator": "GreaterThanThreshold",
                "threshold": 60000,
                "evaluationPeriods": 5,
                "namespace": "AWS/Lambda",
                "metricName": "IteratorAge",
                "dimensions": {"FunctionName": f"fraud-analyzer-{SUFFIX}"},
                "statistic": "Maximum",
                "period": 60,
                "alarmActions": [topic_arn],
            },
        ),
    ]


# A compliant stack cannot run the card's python3.11 (deprecated by AWS on 2026-06-30): the baseline runs python3.13,
# the stack's runtime and the spec pin's default.
BASELINE_CONFIG = {"aws-lambda-function-runtime": {"allowedRuntimes": ["python3.13"]}}


def baseline() -> Stack:
    components = [Res("fraud:network:Network", "network", provider=None), Res("fraud:data:Data", "data", provider=None)]
    return Stack(
        [
            provider(),
            *components,
            *network(),
            *data(),
            *(resource for logical in FUNCTIONS for resource in function(logical)),
            *api(),
            *events(),
            *monitoring(),
        ],
        config=BASELINE_CONFIG,
    )
