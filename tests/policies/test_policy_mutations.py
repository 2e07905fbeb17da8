"""Every policy: silent on the compliant baseline, and firing when one property (or resource) changes.

The parametrisation walks the pack as __main__.py assembles it, so a policy with no mutation here, or whose
mutation does not make it fire (a misspelt type token, a wrong property key), fails.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from control_cases import CASES
from fraud_guardrails import types as T
from fraud_guardrails.catalog import policies_of
from fraud_guardrails.pack import rules
from pack_baseline import ACCOUNT, PREFIX, SUFFIX
from pack_harness import Res, Stack, analyze, violations

Mutation = Callable[[Stack], Any]


def add_statement(statement: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
    return lambda document: document["Statement"].append(statement)


def set_statement(index: int, key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    return lambda document: document["Statement"][index].__setitem__(key, value)


PUBLIC_READ = {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}

# policy name -> [(what changes, mutation, logical name of the resource the violation must name)]
MUTATIONS: dict[str, list[tuple[str, Mutation, str]]] = {
    "aws-provider-region-allowed": [
        ("provider region eu-west-1", lambda s: s.set("aws-us-east-2", "region", "eu-west-1"), "transaction-processor"),
        ("provider without region", lambda s: s.unset("aws-us-east-2", "region"), "aws-us-east-2"),
        ("per-resource region", lambda s: s.set("data-transactions", "region", "us-west-2"), "data-transactions"),
    ],
    "aws-tagging-resource-required-tags": [
        (
            "provider default tags lose CostCenter",
            lambda s: s.set(
                "aws-us-east-2", "defaultTags", json.dumps({"tags": {"Environment": "dev", "ManagedBy": "Pulumi"}})
            ),
            "data-reports",
        ),
        (
            "resource on a provider without default tags",
            lambda s: setattr(s["network-vpc"], "provider", None),
            "network-vpc",
        ),
    ],
    "aws-lambda-function-runtime": [
        ("runtime python3.9", lambda s: s.set("fraud-analyzer", "runtime", "python3.9"), "fraud-analyzer"),
    ],
    "aws-lambda-function-reserved-concurrency": [
        ("unreserved", lambda s: s.unset("report-generator", "reservedConcurrentExecutions"), "report-generator"),
        ("50", lambda s: s.set("report-generator", "reservedConcurrentExecutions", 50), "report-generator"),
    ],
    "aws-lambda-function-timeout": [
        ("900 s", lambda s: s.set("transaction-processor", "timeout", 900), "transaction-processor"),
    ],
    "aws-lambda-function-tracing": [
        ("PassThrough", lambda s: s.set("fraud-analyzer", "tracingConfig.mode", "PassThrough"), "fraud-analyzer"),
    ],
    "aws-lambda-function-no-secrets-in-env": [
        (
            "a password in the environment",
            lambda s: s.set("transaction-processor", "environment.variables.DB_PASSWORD", "hunter2"),
            "transaction-processor",
        ),
    ],
    "aws-lambda-permission-source-arn": [
        (
            "no sourceAccount, wildcard sourceArn",
            lambda s: s.unset("api-get-invoke", "sourceAccount"),
            "api-get-invoke",
        ),
        (
            "neither sourceArn nor sourceAccount",
            lambda s: s.unset("api-post-invoke", "sourceArn").unset("api-post-invoke", "sourceAccount"),
            "api-post-invoke",
        ),
        ("principal *", lambda s: s.set("events-daily-report-invoke", "principal", "*"), "events-daily-report-invoke"),
    ],
    "aws-lambda-functionurl-auth": [
        (
            "a public function URL",
            lambda s: s.add(
                Res(
                    T.LAMBDA_FUNCTION_URL,
                    "report-url",
                    {"functionName": "report-generator-dev", "authorizationType": "NONE"},
                )
            ),
            "report-url",
        ),
    ],
    "aws-lambda-eventsourcemapping-failure-handling": [
        (
            "no bisect",
            lambda s: s.set("events-transactions-stream", "bisectBatchOnFunctionError", False),
            "events-transactions-stream",
        ),
        (
            "infinite retries",
            lambda s: s.set("events-transactions-stream", "maximumRetryAttempts", -1),
            "events-transactions-stream",
        ),
        (
            "no record age",
            lambda s: s.unset("events-transactions-stream", "maximumRecordAgeInSeconds"),
            "events-transactions-stream",
        ),
        (
            "no destination",
            lambda s: s.unset("events-transactions-stream", "destinationConfig"),
            "events-transactions-stream",
        ),
    ],
    "aws-lambda-function-log-group": [
        ("log group dropped", lambda s: s.drop("report-generator-logs"), "report-generator"),
        (
            "log group dropped, no logging config",
            lambda s: s.drop("fraud-analyzer-logs").unset("fraud-analyzer", "loggingConfig"),
            "fraud-analyzer",
        ),
    ],
    "aws-lambda-function-vpc-multi-az": [
        (
            "both subnets in one AZ",
            lambda s: s.set("network-private-1", "availabilityZone", "us-east-2a"),
            "fraud-analyzer",
        ),
        ("no VPC", lambda s: s.unset("transaction-processor", "vpcConfig"), "transaction-processor"),
    ],
    "aws-dynamodb-table-billing-mode": [
        ("PROVISIONED", lambda s: s.set("data-transactions", "billingMode", "PROVISIONED"), "data-transactions"),
    ],
    "aws-dynamodb-table-stream": [
        ("NEW_IMAGE", lambda s: s.set("data-transactions", "streamViewType", "NEW_IMAGE"), "data-transactions"),
        ("stream off", lambda s: s.set("data-transactions", "streamEnabled", False), "data-transactions"),
    ],
    "aws-dynamodb-table-pitr": [
        ("PITR off", lambda s: s.set("data-idempotency", "pointInTimeRecovery.enabled", False), "data-idempotency"),
    ],
    "aws-dynamodb-table-deletion-protection": [
        ("unprotected", lambda s: s.set("data-transactions", "deletionProtectionEnabled", False), "data-transactions"),
    ],
    "aws-cloudwatch-loggroup-retention": [
        ("14 days", lambda s: s.set("fraud-analyzer-logs", "retentionInDays", 14), "fraud-analyzer-logs"),
        ("never expires", lambda s: s.unset("network-flow-logs", "retentionInDays"), "network-flow-logs"),
    ],
    "aws-cloudwatch-metricalarm-actions": [
        (
            "no actions",
            lambda s: s.set("monitoring-fraud-analyzer-iterator-age", "alarmActions", []),
            "monitoring-fraud-analyzer-iterator-age",
        ),
        (
            "actions disabled",
            lambda s: s.set("monitoring-report-generator-error-rate", "actionsEnabled", False),
            "monitoring-report-generator-error-rate",
        ),
    ],
    "aws-cloudwatch-metricalarm-lambda-error-rate": [
        (
            "threshold 5 %",
            lambda s: s.set("monitoring-transaction-processor-error-rate", "threshold", 5),
            "transaction-processor",
        ),
        ("alarm dropped", lambda s: s.drop("monitoring-fraud-analyzer-error-rate"), "fraud-analyzer"),
        (
            "a count, not a rate",
            lambda s: s.set(
                "monitoring-report-generator-error-rate",
                "metricQueries",
                s["monitoring-report-generator-error-rate"].props["metricQueries"][:1],
            ),
            "report-generator",
        ),
        (
            "no threshold",
            lambda s: s.unset("monitoring-transaction-processor-error-rate", "threshold"),
            "transaction-processor",
        ),
    ],
    "aws-s3-bucket-sse": [
        (
            "aws:kms",
            lambda s: s.set("data-reports-sse", "rules.0.applyServerSideEncryptionByDefault.sseAlgorithm", "aws:kms"),
            "data-reports-sse",
        ),
        ("no encryption configuration", lambda s: s.drop("data-access-logs-sse"), "data-access-logs"),
    ],
    "aws-s3-bucket-public-access-block": [
        (
            "restrictPublicBuckets off",
            lambda s: s.set("data-reports-public-access", "restrictPublicBuckets", False),
            "data-reports-public-access",
        ),
        ("no block", lambda s: s.drop("data-access-logs-public-access"), "data-access-logs"),
    ],
    "aws-s3-bucket-tls-only": [
        ("no policy", lambda s: s.drop("data-reports-tls-only"), "data-reports"),
        (
            "condition dropped",
            lambda s: s.edit_document("data-access-logs-tls-only", "policy", set_statement(0, "Condition", {})),
            "data-access-logs",
        ),
    ],
    "aws-s3-bucket-acls-disabled": [
        (
            "ObjectWriter",
            lambda s: s.set("data-reports-ownership", "rule.objectOwnership", "ObjectWriter"),
            "data-reports-ownership",
        ),
        ("no ownership controls", lambda s: s.drop("data-reports-ownership"), "data-reports"),
    ],
    "aws-s3-bucket-versioning": [
        (
            "Suspended",
            lambda s: s.set("data-reports-versioning", "versioningConfiguration.status", "Suspended"),
            "data-reports",
        ),
        ("no versioning resource", lambda s: s.drop("data-reports-versioning"), "data-reports"),
    ],
    "aws-s3-bucket-lifecycle": [
        ("rule disabled", lambda s: s.set("data-reports-lifecycle", "rules.0.status", "Disabled"), "data-reports"),
        (
            "no multipart abort",
            lambda s: s.unset("data-access-logs-lifecycle", "rules.0.abortIncompleteMultipartUpload"),
            "data-access-logs",
        ),
    ],
    "aws-s3-bucket-access-logging": [
        ("logging dropped", lambda s: s.drop("data-reports-access-logging"), "data-reports"),
    ],
    "aws-s3-bucket-no-public-grants": [
        (
            "public read",
            lambda s: s.edit_document("data-reports-tls-only", "policy", add_statement(PUBLIC_READ)),
            "data-reports-tls-only",
        ),
        (
            "PutBucketPolicy to another account",
            lambda s: s.edit_document(
                "data-reports-tls-only",
                "policy",
                add_statement(
                    {
                        "Effect": "Allow",
                        "Principal": {"AWS": "arn:aws:iam::999999999999:root"},
                        "Action": "s3:PutBucket*",
                        "Resource": "*",
                    }
                ),
            ),
            "data-reports-tls-only",
        ),
        ("public-read ACL", lambda s: s.set("data-reports", "acl", "public-read"), "data-reports"),
    ],
    "aws-apigateway-methodsettings-throttling": [
        ("5000 req/s", lambda s: s.set("api-all-methods", "settings.throttlingRateLimit", 5000), "api-all-methods"),
        ("unthrottled", lambda s: s.unset("api-all-methods", "settings.throttlingRateLimit"), "api-all-methods"),
    ],
    "aws-apigateway-methodsettings-logging-level": [
        ("ERROR", lambda s: s.set("api-all-methods", "settings.loggingLevel", "ERROR"), "api-all-methods"),
    ],
    "aws-apigateway-methodsettings-data-trace-disabled": [
        ("data trace on", lambda s: s.set("api-all-methods", "settings.dataTraceEnabled", True), "api-all-methods"),
    ],
    "aws-apigateway-methodsettings-cache-encrypted": [
        (
            "cache on, unencrypted",
            lambda s: s.set("api-all-methods", "settings.cachingEnabled", True),
            "api-all-methods",
        ),
    ],
    "aws-apigateway-method-authorization": [
        ("no key, no authorizer", lambda s: s.set("api-post-method", "apiKeyRequired", False), "api-post-method"),
    ],
    "aws-apigateway-method-request-validation": [
        ("no validator", lambda s: s.unset("api-post-method", "requestValidatorId"), "api-post-method"),
    ],
    "aws-apigateway-stage-access-logging": [
        ("no access logs", lambda s: s.unset("api-stage", "accessLogSettings"), "api-stage"),
    ],
    "aws-apigateway-stage-xray": [
        ("no X-Ray", lambda s: s.set("api-stage", "xrayTracingEnabled", False), "api-stage"),
    ],
    "aws-apigateway-stage-method-settings": [
        ("one method only", lambda s: s.set("api-all-methods", "methodPath", "transactions/POST"), "api-stage"),
    ],
    "aws-apigateway-stage-waf": [
        ("association dropped", lambda s: s.drop("api-waf-association"), "api-stage"),
    ],
    "aws-apigateway-account-cloudwatch-role": [
        ("account dropped", lambda s: s.drop("api-account"), "api-all-methods"),
        ("an account without a role", lambda s: s.unset("api-account", "cloudwatchRoleArn"), "api-all-methods"),
    ],
    "aws-iam-policy-no-wildcard-actions": [
        (
            "dynamodb:*",
            lambda s: s.edit_document("fraud-analyzer-policy", "policy", set_statement(0, "Action", ["dynamodb:*"])),
            "fraud-analyzer-policy",
        ),
        (
            "*",
            lambda s: s.edit_document("network-flow-logs-policy", "policy", set_statement(0, "Action", "*")),
            "network-flow-logs-policy",
        ),
        (
            "NotAction",
            lambda s: s.edit_document(
                "events-analyzer-on-failure-policy",
                "policy",
                add_statement({"Effect": "Allow", "NotAction": "iam:*", "Resource": "arn:aws:sqs:us-east-2:1:q"}),
            ),
            "events-analyzer-on-failure-policy",
        ),
        (
            "role inline policy",
            lambda s: s.set(
                "api-cloudwatch-role",
                "inlinePolicies",
                [
                    {
                        "name": "all",
                        "policy": json.dumps(
                            {"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b"}]}
                        ),
                    }
                ],
            ),
            "api-cloudwatch-role",
        ),
    ],
    "aws-iam-policy-no-wildcard-resources": [
        (
            "PutItem on *",
            lambda s: s.edit_document("transaction-processor-policy", "policy", set_statement(0, "Resource", "*")),
            "transaction-processor-policy",
        ),
        (
            "kms:Decrypt on every key",
            lambda s: s.edit_document(
                "report-generator-policy",
                "policy",
                add_statement({"Effect": "Allow", "Action": "kms:Decrypt", "Resource": ["*"]}),
            ),
            "report-generator-policy",
        ),
    ],
    "aws-iam-policy-no-privilege-escalation": [
        (
            "iam:PassRole",
            lambda s: s.edit_document(
                "fraud-analyzer-policy",
                "policy",
                add_statement(
                    {"Effect": "Allow", "Action": "iam:PassRole", "Resource": f"arn:aws:iam::{ACCOUNT}:role/x"}
                ),
            ),
            "fraud-analyzer-policy",
        ),
        (
            "iam:Put* pattern",
            lambda s: s.edit_document(
                "network-flow-logs-policy",
                "policy",
                add_statement({"Effect": "Allow", "Action": "iam:Put*", "Resource": f"arn:aws:iam::{ACCOUNT}:role/x"}),
            ),
            "network-flow-logs-policy",
        ),
    ],
    "aws-iam-role-no-admin-policy": [
        (
            "AdministratorAccess attached",
            lambda s: s.add(
                Res(
                    T.IAM_ROLE_POLICY_ATTACHMENT,
                    "analyzer-admin",
                    {
                        "role": f"fraud-analyzer-{SUFFIX}-role",
                        "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess",
                    },
                )
            ),
            "analyzer-admin",
        ),
    ],
    "aws-iam-role-trust-no-public-principal": [
        (
            "anyone may assume",
            lambda s: s.edit_document(
                "fraud-analyzer-role",
                "assumeRolePolicy",
                lambda d: d["Statement"][0].update(Principal={"AWS": "*"}, Condition={}),
            ),
            "fraud-analyzer-role",
        ),
    ],
    "aws-sqs-queue-encryption": [
        (
            "SSE off",
            lambda s: s.set("events-analyzer-on-failure", "sqsManagedSseEnabled", False),
            "events-analyzer-on-failure",
        ),
    ],
    "aws-sqs-queuepolicy-no-wildcard-actions": [
        (
            'Action "*" in a queue policy (CKV_AWS_72)',
            lambda s: s.add(
                Res(
                    T.SQS_QUEUE_POLICY,
                    "queue-policy",
                    {
                        "queueUrl": f"https://sqs.us-east-2.amazonaws.com/{ACCOUNT}/{PREFIX}-analyzer-on-failure",
                        "policy": json.dumps(
                            {
                                "Statement": [
                                    {
                                        "Effect": "Allow",
                                        "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                                        "Action": "*",
                                        "Resource": "*",
                                    }
                                ]
                            }
                        ),
                    },
                )
            ),
            "queue-policy",
        ),
    ],
    "aws-wafv2-webacl-managed-rule-groups": [
        (
            "no AnonymousIpList (CKV2_AWS_77)",
            lambda s: s.set(
                "api-waf", "rules", [r for r in s["api-waf"].props["rules"] if "Anonymous" not in r["name"]]
            ),
            "api-waf",
        ),
    ],
    "aws-wafv2-webacl-logging": [
        ("the API key header not redacted", lambda s: s.unset("api-waf-logging", "redactedFields"), "api-waf-logging"),
    ],
    "aws-sqs-queuepolicy-no-public-access": [
        (
            "public queue policy",
            lambda s: s.add(
                Res(
                    T.SQS_QUEUE_POLICY,
                    "queue-policy",
                    {
                        "queueUrl": f"https://sqs.us-east-2.amazonaws.com/{ACCOUNT}/{PREFIX}-analyzer-on-failure",
                        "policy": json.dumps(
                            {
                                "Statement": [
                                    {"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "*"}
                                ]
                            }
                        ),
                    },
                )
            ),
            "queue-policy",
        ),
    ],
    "aws-sns-topic-encryption": [
        ("no key", lambda s: s.unset("monitoring-alarms", "kmsMasterKeyId"), "monitoring-alarms"),
    ],
    # SNS.2 left Security Hub in April 2024; the policy stays, so it needs a mutation of its own.
    "aws-sns-topic-delivery-status-logging": [
        (
            "no delivery-status logging",
            lambda s: [
                s.unset("monitoring-alarms", f"{p}{o}FeedbackRoleArn")
                for p in ("http", "lambda", "sqs")
                for o in ("Success", "Failure")
            ],
            "monitoring-alarms",
        ),
    ],
    "aws-sns-topicpolicy-no-public-access": [
        (
            "condition dropped, principal *",
            lambda s: s.edit_document(
                "monitoring-alarms-policy", "policy", lambda d: d["Statement"][0].update(Principal="*", Condition={})
            ),
            "monitoring-alarms-policy",
        ),
    ],
    "aws-kms-key-rotation": [
        ("rotation off", lambda s: s.set("monitoring-alarms-key", "enableKeyRotation", False), "monitoring-alarms-key"),
    ],
    "aws-kms-key-policy-no-public-access": [
        (
            "key open to *",
            lambda s: s.edit_document("monitoring-alarms-key", "policy", set_statement(0, "Principal", {"AWS": "*"})),
            "monitoring-alarms-key",
        ),
    ],
    "aws-ec2-vpc-default-security-group-closed": [
        (
            "default group keeps a rule",
            lambda s: s.set(
                "network-default-sg", "ingress", [{"protocol": "-1", "fromPort": 0, "toPort": 0, "self": True}]
            ),
            "network-default-sg",
        ),
        ("default group not adopted", lambda s: s.drop("network-default-sg"), "network-vpc"),
    ],
    "aws-ec2-vpc-flow-logs": [
        ("flow log dropped", lambda s: s.drop("network-flow-log"), "network-vpc"),
        ("accepted traffic only", lambda s: s.set("network-flow-log", "trafficType", "ACCEPT"), "network-vpc"),
    ],
    "aws-ec2-securitygroup-no-open-ingress": [
        (
            "SSH from anywhere",
            lambda s: s.add(
                Res(
                    T.VPC_SECURITY_GROUP_INGRESS_RULE,
                    "ssh-in",
                    {
                        "securityGroupId": "sg-1",
                        "cidrIpv4": "0.0.0.0/0",
                        "ipProtocol": "tcp",
                        "fromPort": 22,
                        "toPort": 22,
                        "description": "ssh",
                    },
                )
            ),
            "ssh-in",
        ),
        (
            "inline rule from ::/0",
            lambda s: s.set(
                "network-functions-sg",
                "ingress",
                [
                    {
                        "protocol": "tcp",
                        "fromPort": 443,
                        "toPort": 443,
                        "ipv6CidrBlocks": ["::/0"],
                        "description": "https",
                    }
                ],
            ),
            "network-functions-sg",
        ),
    ],
    "aws-ec2-securitygroup-no-open-egress": [
        (
            "all traffic out",
            lambda s: s.set("network-functions-to-s3", "ipProtocol", "-1").set(
                "network-functions-to-s3", "cidrIpv4", "0.0.0.0/0"
            ),
            "network-functions-to-s3",
        ),
    ],
    "aws-ec2-securitygroup-rule-descriptions": [
        (
            "rule without description",
            lambda s: s.unset("network-functions-to-dynamodb", "description"),
            "network-functions-to-dynamodb",
        ),
    ],
    "aws-ec2-subnet-no-public-ip": [
        ("public IPs", lambda s: s.set("network-private-0", "mapPublicIpOnLaunch", True), "network-private-0"),
    ],
}


def test_baseline_is_silent(baseline_stack: Stack, pack_policies: list) -> None:
    found = analyze(baseline_stack, pack_policies)
    assert found == [], "\n".join(f"{d.policy} {d.resource_name}: {d.message}" for d in found)


def test_every_policy_has_a_mutation(pack_policies: list) -> None:
    names = {policy.name for policy in pack_policies}
    # A policy that names a control fires on that control's own failing cases (test_control_cases.py).
    by_control = {name for control in CASES for name in policies_of(rules()).get(control, [])}
    assert names - MUTATIONS.keys() - by_control == set(), "policies without a mutation that makes them fire"
    assert MUTATIONS.keys() - names == set(), "mutations for policies the pack does not have"


def _cases() -> list[Any]:
    return [
        pytest.param(name, change, mutate, where, id=f"{name}[{change}]")
        for name, entries in MUTATIONS.items()
        for change, mutate, where in entries
    ]


@pytest.mark.parametrize(("name", "change", "mutate", "where"), _cases())
def test_mutation_fires(
    name: str, change: str, mutate: Mutation, where: str, baseline_stack: Stack, pack_policies: list
) -> None:
    policy = next(p for p in pack_policies if p.name == name)
    mutate(baseline_stack)
    found = violations(analyze(baseline_stack, [policy]))
    assert found, f"{name} did not fire on: {change}"
    assert {d.policy for d in found} == {name}
    assert where in {d.resource_name for d in found}, [(d.resource_name, d.message) for d in found]
    assert all(d.level == policy.enforcement_level.value for d in found)
    assert not any("could not evaluate" in d.message for d in found), [d.message for d in found]


def test_one_logged_protocol_is_enough_for_delivery_status_logging(baseline_stack: Stack, pack_policies: list) -> None:
    policy = next(p for p in pack_policies if p.name == "aws-sns-topic-delivery-status-logging")
    for protocol in ("http", "lambda"):
        for outcome in ("Success", "Failure"):
            baseline_stack.unset("monitoring-alarms", f"{protocol}{outcome}FeedbackRoleArn")
    assert violations(analyze(baseline_stack, [policy])) == []
