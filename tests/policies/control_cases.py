"""Each checked control's own failing and passing cases, as changes to the compliant baseline.

A failing case is what the control's definition (AWS Security Hub / AWS Config rule) fails: S3.6's `Principal: "*"`
granting PutBucketPolicy under a condition, KMS.1's `arn:aws:kms:*:*:key/*`. A passing case is a near miss the
definition accepts: the same shape with the detail that makes it compliant. Only the policies that name the control
run on each case (test_control_cases.py), so a case proves what those policies check.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fraud_guardrails import types as T
from pack_baseline_common import ACCOUNT, PREFIX, arn, document
from pack_harness import Res, Stack

Change = Callable[[Stack], Any]
BUCKET_POLICY = "data-reports-tls-only"
ROLE_POLICY = "fraud-analyzer-policy"
KEY_ID = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"


@dataclass(frozen=True)
class Case:
    fails: bool
    what: str
    change: Change
    where: str = ""  # the resource a failing case's violation names
    config: dict[str, Any] = field(default_factory=dict)


def fails(what: str, change: Change, where: str, config: dict[str, Any] | None = None) -> Case:
    return Case(True, what, change, where, config or {})


def passes(what: str, change: Change, config: dict[str, Any] | None = None) -> Case:
    return Case(False, what, change, "", config or {})


def as_of(date: str) -> dict[str, Any]:
    return {"aws-lambda-function-supported-runtime": {"asOf": date}}


def add_statement(name: str, statement: dict[str, Any], key: str = "policy") -> Change:
    return lambda s: s.edit_document(name, key, lambda d: d["Statement"].append(statement))


def bucket_grant(principal: Any, action: str, condition: dict[str, Any] | None = None) -> Change:
    statement = {"Effect": "Allow", "Principal": principal, "Action": action, "Resource": "arn:aws:s3:::b/*"}
    return add_statement(BUCKET_POLICY, {**statement, **({"Condition": condition} if condition else {})})


def identity_grant(action: str, resource: str, condition: dict[str, Any] | None = None) -> dict[str, Any]:
    statement = {"Effect": "Allow", "Action": action, "Resource": resource}
    return {**statement, **({"Condition": condition} if condition else {})}


def customer_policy(statement: dict[str, Any]) -> Change:
    return lambda s: s.add(Res(T.IAM_POLICY, "custom-policy", {"policy": document(statement)}))


def queue_policy(statement: dict[str, Any]) -> Change:
    url = f"https://sqs.us-east-2.amazonaws.com/{ACCOUNT}/{PREFIX}-analyzer-on-failure"
    return lambda s: s.add(Res(T.SQS_QUEUE_POLICY, "queue-policy", {"queueUrl": url, "policy": document(statement)}))


def sg_ingress(cidr: str, port: int, name: str = "probe-in") -> Change:
    props = {"securityGroupId": "sg-1", "ipProtocol": "tcp", "fromPort": port, "toPort": port, "description": "p"}
    props |= {"cidrIpv6": cidr} if ":" in cidr else {"cidrIpv4": cidr}
    return lambda s: s.add(Res(T.VPC_SECURITY_GROUP_INGRESS_RULE, name, props))


def nacl_ingress(entries: list[dict[str, Any]]) -> Change:
    return lambda s: s.set("network-default-nacl", "ingress", entries)


def entry(protocol: str, cidr: str, low: int, high: int, action: str = "allow") -> dict[str, Any]:
    key = "ipv6CidrBlock" if ":" in cidr else "cidrBlock"
    return {"ruleNo": 90, "action": action, "protocol": protocol, key: cidr, "fromPort": low, "toPort": high}


def s3_permission(**props: Any) -> Change:
    base = {"action": "lambda:InvokeFunction", "function": "report-generator-dev", "principal": "s3.amazonaws.com"}
    return lambda s: s.add(Res(T.LAMBDA_PERMISSION, "s3-invoke", {**base, **props}))


def drop_endpoint(service: str) -> Change:
    return lambda s: s.drop(f"network-{service}-interface-endpoint")


def set_(name: str, path: str, value: Any) -> Change:
    return lambda s: s.set(name, path, value)


def unset_(name: str, path: str) -> Change:
    """The program no longer sets the property: in a first preview it is an unknown output, if the type has it."""
    return lambda s: s.unset(name, path)


def in_zone_ids(*zone_ids: str) -> Change:
    """The private subnets placed by AZ id instead of AZ name (which the provider then computes)."""

    def change(stack: Stack) -> None:
        for index, zone_id in enumerate(zone_ids):
            stack.unset(f"network-private-{index}", "availabilityZone").set(
                f"network-private-{index}", "availabilityZoneId", zone_id
            )

    return change


def endpoint_cases(service: str) -> list[Case]:
    return [
        fails(f"no interface endpoint for {service}", drop_endpoint(service), "network-vpc"),
        fails(
            f"the {service} endpoint is a gateway endpoint",
            set_(f"network-{service}-interface-endpoint", "vpcEndpointType", "Gateway"),
            "network-vpc",
        ),
        fails(
            f"the {service} endpoint's type not set (Gateway)",
            unset_(f"network-{service}-interface-endpoint", "vpcEndpointType"),
            "network-vpc",
        ),
        passes(f"an interface endpoint for {service}", lambda s: None),
    ]


ANY_KEY = "arn:aws:kms:*:*:key/*"
ONE_KEY = arn("kms", f"key/{KEY_ID}")
PUBLIC_SEND = {"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "*"}

CASES: dict[str, list[Case]] = {
    "Lambda.1": [
        fails("principal '*'", set_("api-post-invoke", "principal", "*"), "api-post-invoke"),
        fails(
            "wildcard sourceArn and no sourceAccount",
            lambda s: s.unset("api-get-invoke", "sourceAccount"),
            "api-get-invoke",
        ),
        fails("S3 principal pinned by sourceArn only", s3_permission(sourceArn="arn:aws:s3:::reports"), "s3-invoke"),
        fails(
            "a public function URL",
            lambda s: s.add(Res(T.LAMBDA_FUNCTION_URL, "url", {"functionName": "f", "authorizationType": "NONE"})),
            "url",
        ),
        passes("S3 principal with a fixed sourceAccount", s3_permission(sourceAccount=ACCOUNT)),
        passes(
            "a service pinned by an exact source ARN",
            set_("events-daily-report-invoke", "principal", "events.amazonaws.com"),
        ),
    ],
    "Lambda.2": [
        fails(
            "python3.11 after its deprecation",
            set_("fraud-analyzer", "runtime", "python3.11"),
            "fraud-analyzer",
            as_of("2026-06-30"),
        ),
        fails("python3.9", set_("fraud-analyzer", "runtime", "python3.9"), "fraud-analyzer", as_of("2026-01-01")),
        fails("a runtime Lambda does not offer", set_("fraud-analyzer", "runtime", "python3.99"), "fraud-analyzer"),
        passes("python3.11 the day before", set_("fraud-analyzer", "runtime", "python3.11"), as_of("2026-06-29")),
        passes(
            "a container image (no runtime)",
            lambda s: s.unset("fraud-analyzer", "runtime").set("fraud-analyzer", "packageType", "Image"),
        ),
    ],
    "Lambda.5": [
        fails("both subnets in one AZ", set_("network-private-1", "availabilityZone", "us-east-2a"), "fraud-analyzer"),
        fails("both subnets in one AZ, by AZ id", in_zone_ids("use2-az1", "use2-az1"), "fraud-analyzer"),
        passes("subnets in two other AZs", set_("network-private-1", "availabilityZone", "us-east-2c")),
        passes("subnets in two AZs, by AZ id", in_zone_ids("use2-az1", "use2-az2")),
    ],
    "DynamoDB.1": [
        fails("provisioned capacity", set_("data-transactions", "billingMode", "PROVISIONED"), "data-transactions"),
        passes("on-demand", set_("data-transactions", "billingMode", "PAY_PER_REQUEST")),
    ],
    "DynamoDB.2": [
        fails("PITR off", set_("data-idempotency", "pointInTimeRecovery.enabled", False), "data-idempotency"),
        passes("PITR on", set_("data-idempotency", "pointInTimeRecovery.enabled", True)),
    ],
    "DynamoDB.6": [
        fails("unprotected", set_("data-transactions", "deletionProtectionEnabled", False), "data-transactions"),
        passes("protected", set_("data-transactions", "deletionProtectionEnabled", True)),
    ],
    "S3.2": [
        fails("public read", bucket_grant("*", "s3:GetObject"), BUCKET_POLICY),
        fails(
            "public read under an open VPC condition",
            bucket_grant("*", "s3:GetObject", {"StringLike": {"aws:SourceVpce": "vpce-*"}}),
            BUCKET_POLICY,
        ),
        fails("public-read ACL", set_("data-reports", "acl", "public-read"), "data-reports"),
        passes(
            "read pinned to one VPC endpoint",
            bucket_grant("*", "s3:GetObject", {"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c"}}),
        ),
    ],
    "S3.3": [
        fails("public write", bucket_grant({"AWS": "*"}, "s3:PutObject"), BUCKET_POLICY),
        fails("public-read-write ACL", set_("data-reports", "acl", "public-read-write"), "data-reports"),
        passes(
            "write by a service under a fixed source ARN",
            bucket_grant(
                {"Service": "logging.s3.amazonaws.com"},
                "s3:PutObject",
                {"ArnLike": {"aws:SourceArn": "arn:aws:s3:::b"}},
            ),
        ),
    ],
    "S3.5": [
        fails(
            "deny without the TLS condition",
            lambda s: s.edit_document(
                "data-access-logs-tls-only", "policy", lambda d: d["Statement"][0].__setitem__("Condition", {})
            ),
            "data-access-logs",
        ),
        fails(
            "deny on the objects only",
            lambda s: s.edit_document(
                BUCKET_POLICY,
                "policy",
                lambda d: d["Statement"][0].__setitem__("Resource", "arn:aws:s3:::fraud-reports-dev/*"),
            ),
            "data-reports",
        ),
        passes(
            "deny on the bucket and its objects",
            lambda s: s.edit_document(
                BUCKET_POLICY,
                "policy",
                lambda d: d["Statement"][0].__setitem__("Resource", "arn:aws:s3:::fraud-reports-dev*"),
            ),
        ),
    ],
    "S3.6": [
        fails(
            'Principal "*" with a condition granting PutBucketPolicy',
            # pinned to one VPC endpoint, so not public (S3.2/S3.3); S3.6 ignores conditions and fails it anyway
            bucket_grant("*", "s3:PutBucketPolicy", {"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c"}}),
            BUCKET_POLICY,
        ),
        fails(
            "another account granted PutObjectAcl",
            bucket_grant({"AWS": "arn:aws:iam::999999999999:root"}, "s3:PutObjectAcl"),
            BUCKET_POLICY,
        ),
        fails("another account granted s3:Put*", bucket_grant({"AWS": "999999999999"}, "s3:Put*"), BUCKET_POLICY),
        passes(
            "a service granted PutObject",
            bucket_grant(
                {"Service": "logging.s3.amazonaws.com"},
                "s3:PutObject",
                {"ArnLike": {"aws:SourceArn": "arn:aws:s3:::b"}},
            ),
        ),
    ],
    "S3.8": [
        fails(
            "blockPublicPolicy off",
            set_("data-reports-public-access", "blockPublicPolicy", False),
            "data-reports-public-access",
        ),
        fails("no public access block", lambda s: s.drop("data-access-logs-public-access"), "data-access-logs"),
        fails(
            "restrictPublicBuckets not set (off)",
            unset_("data-reports-public-access", "restrictPublicBuckets"),
            "data-reports-public-access",
        ),
        passes("all four settings on", set_("data-reports-public-access", "blockPublicPolicy", True)),
    ],
    "S3.9": [
        fails("a bucket with no logging at all", lambda s: s.drop("data-reports-access-logging"), "data-reports"),
        fails(
            "the log bucket itself, unexempted",
            lambda s: None,
            "data-access-logs",
            {"aws-s3-bucket-access-logging": {"exemptAccessLogTargets": False}},
        ),
        passes("logging to the log bucket", lambda s: None),
    ],
    "S3.10": [
        fails(
            "a versioned bucket's rule disabled",
            set_("data-reports-lifecycle", "rules.0.status", "Disabled"),
            "data-reports",
        ),
        passes("an enabled rule", set_("data-reports-lifecycle", "rules.0.status", "Enabled")),
    ],
    "S3.11": [
        fails("no notifications", lambda s: s.drop("data-reports-notifications"), "data-reports"),
        fails(
            "EventBridge delivery only",
            lambda s: s.set("data-reports-notifications", "topics", []).set(
                "data-reports-notifications", "eventbridge", True
            ),
            "data-reports",
        ),
        fails(
            "EventBridge delivery, no destination list set",
            lambda s: s.unset("data-reports-notifications", "topics").set(
                "data-reports-notifications", "eventbridge", True
            ),
            "data-reports",
        ),
        passes(
            "a queue destination",
            lambda s: s.set("data-reports-notifications", "topics", []).set(
                "data-reports-notifications",
                "queues",
                [{"queueArn": arn("sqs", "q"), "events": ["s3:ObjectCreated:*"]}],
            ),
        ),
    ],
    "S3.12": [
        fails(
            "ACLs enabled",
            set_("data-reports-ownership", "rule.objectOwnership", "ObjectWriter"),
            "data-reports-ownership",
        ),
        passes("ACLs disabled", set_("data-reports-ownership", "rule.objectOwnership", "BucketOwnerEnforced")),
    ],
    "S3.13": [
        fails("no lifecycle configuration", lambda s: s.drop("data-access-logs-lifecycle"), "data-access-logs"),
        passes("an enabled rule", lambda s: None),
    ],
    "APIGateway.1": [
        fails("execution logging off", set_("api-all-methods", "settings.loggingLevel", "OFF"), "api-all-methods"),
        fails(
            "a stage without */* method settings",
            set_("api-all-methods", "methodPath", "transactions/POST"),
            "api-stage",
        ),
        passes("INFO logging on every method", set_("api-all-methods", "settings.loggingLevel", "INFO")),
    ],
    "APIGateway.3": [
        fails("no X-Ray", set_("api-stage", "xrayTracingEnabled", False), "api-stage"),
        passes("X-Ray on", set_("api-stage", "xrayTracingEnabled", True)),
    ],
    "APIGateway.4": [
        fails("a stage without any WAF association", lambda s: s.drop("api-waf-association"), "api-stage"),
        passes(
            "a web ACL set on the stage",
            lambda s: s.drop("api-waf-association").set("api-stage", "webAclArn", arn("wafv2", "regional/webacl/x/1")),
        ),
    ],
    "APIGateway.5": [
        fails("cache on, unencrypted", set_("api-all-methods", "settings.cachingEnabled", True), "api-all-methods"),
        passes(
            "cache on, encrypted",
            lambda s: s.set("api-all-methods", "settings.cachingEnabled", True).set(
                "api-all-methods", "settings.cacheDataEncrypted", True
            ),
        ),
    ],
    "SQS.1": [
        fails(
            "no encryption",
            set_("events-analyzer-on-failure", "sqsManagedSseEnabled", False),
            "events-analyzer-on-failure",
        ),
        passes(
            "a KMS key",
            lambda s: s.set("events-analyzer-on-failure", "sqsManagedSseEnabled", False).set(
                "events-analyzer-on-failure", "kmsMasterKeyId", "alias/aws/sqs"
            ),
        ),
    ],
    "SQS.3": [
        fails("any principal, no condition", queue_policy(PUBLIC_SEND), "queue-policy"),
        fails(
            "any principal from 0.0.0.0/0",
            queue_policy({**PUBLIC_SEND, "Condition": {"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}}}),
            "queue-policy",
        ),
        fails(
            "any principal, a policy variable",
            queue_policy(
                {**PUBLIC_SEND, "Condition": {"StringEquals": {"aws:SourceAccount": "${aws:PrincipalAccount}"}}}
            ),
            "queue-policy",
        ),
        passes(
            "any principal, a fixed source ARN",
            queue_policy({**PUBLIC_SEND, "Condition": {"ArnEquals": {"aws:SourceArn": arn("sns", "topic")}}}),
        ),
    ],
    "SNS.1": [
        fails("no KMS key", lambda s: s.unset("monitoring-alarms", "kmsMasterKeyId"), "monitoring-alarms"),
        passes("a KMS key", lambda s: None),
    ],
    "SNS.4": [
        fails(
            "any principal, an open account condition",
            lambda s: s.edit_document(
                "monitoring-alarms-policy",
                "policy",
                lambda d: d["Statement"][0].update(
                    Principal="*", Condition={"StringEquals": {"aws:SourceAccount": "*"}}
                ),
            ),
            "monitoring-alarms-policy",
        ),
        passes("a service principal of this account", lambda s: None),
    ],
    "EC2.2": [
        fails(
            "a rule left in the default group",
            set_("network-default-sg", "ingress", [{"protocol": "-1", "fromPort": 0, "toPort": 0, "self": True}]),
            "network-default-sg",
        ),
        fails("the default group not adopted", lambda s: s.drop("network-default-sg"), "network-vpc"),
        fails(
            "the default VPC's group adopted instead (no vpcId)", unset_("network-default-sg", "vpcId"), "network-vpc"
        ),
        passes("adopted with no rules", lambda s: None),
    ],
    "EC2.6": [
        fails("no flow log", lambda s: s.drop("network-flow-log"), "network-vpc"),
        fails("accepted traffic only", set_("network-flow-log", "trafficType", "ACCEPT"), "network-vpc"),
        fails("no traffic type set", unset_("network-flow-log", "trafficType"), "network-vpc"),
        passes("rejected traffic", set_("network-flow-log", "trafficType", "REJECT")),
    ],
    **{
        control: endpoint_cases(service)
        for service, control in (
            ("ec2", "EC2.10"),
            ("ecr.api", "EC2.55"),
            ("ecr.dkr", "EC2.56"),
            ("ssm", "EC2.57"),
            ("ssm-contacts", "EC2.58"),
            ("ssm-incidents", "EC2.60"),
        )
    },
    "EC2.15": [
        fails("public IPs on launch", set_("network-private-0", "mapPublicIpOnLaunch", True), "network-private-0"),
        passes("no public IPs", set_("network-private-0", "mapPublicIpOnLaunch", False)),
    ],
    "EC2.16": [
        fails(
            "a network ACL with no subnet",
            lambda s: s.add(Res(T.EC2_NETWORK_ACL, "spare-nacl", {"vpcId": "vpc-1"})),
            "spare-nacl",
        ),
        passes(
            "a network ACL associated separately",
            lambda s: s.add(Res(T.EC2_NETWORK_ACL, "spare-nacl", {"vpcId": "vpc-1"}, outputs={"id": "acl-2"})).add(
                Res(
                    T.EC2_NETWORK_ACL_ASSOCIATION,
                    "spare-nacl-0",
                    {"networkAclId": "acl-2", "subnetId": "subnet-0"},
                    deps={"networkAclId": ["spare-nacl"]},
                )
            ),
        ),
        passes(
            "the default ACL holding the subnets no other ACL claims",
            lambda s: s.set("network-default-nacl", "subnetIds", []),
        ),
    ],
    "EC2.18": [
        fails("port 8080 open to the world", sg_ingress("0.0.0.0/0", 8080), "probe-in"),
        passes("port 8080 open to the VPC", sg_ingress("10.20.0.0/16", 8080)),
    ],
    "EC2.19": [
        fails("MySQL open to the world", sg_ingress("0.0.0.0/0", 3306), "probe-in"),
        passes("MySQL open to the VPC", sg_ingress("10.20.0.0/16", 3306)),
    ],
    "EC2.21": [
        fails(
            "the default ACL not adopted (AWS allows everything)",
            lambda s: s.drop("network-default-nacl"),
            "network-vpc",
        ),
        fails("SSH from anywhere", nacl_ingress([entry("tcp", "0.0.0.0/0", 22, 22)]), "network-default-nacl"),
        fails("all traffic from ::/0", nacl_ingress([entry("-1", "::/0", 0, 0)]), "network-default-nacl"),
        fails(
            "a range over 3389 in a rule resource",
            lambda s: s.add(
                Res(
                    T.EC2_NETWORK_ACL_RULE,
                    "nacl-rule",
                    {
                        "networkAclId": "acl-1",
                        "ruleNumber": 120,
                        "egress": False,
                        "protocol": "6",
                        "ruleAction": "allow",
                        "cidrBlock": "0.0.0.0/0",
                        "fromPort": 1024,
                        "toPort": 65535,
                    },
                )
            ),
            "nacl-rule",
        ),
        passes(
            "ephemeral ports around 3389",
            nacl_ingress([entry("tcp", "0.0.0.0/0", 1024, 3388), entry("tcp", "0.0.0.0/0", 3390, 65535)]),
        ),
        passes("SSH denied from anywhere", nacl_ingress([entry("tcp", "0.0.0.0/0", 22, 22, action="deny")])),
    ],
    "IAM.1": [
        fails('"*" on "*"', customer_policy(identity_grant("*", "*")), "custom-policy"),
        passes(
            "one action on one table", customer_policy(identity_grant("dynamodb:PutItem", arn("dynamodb", "table/t")))
        ),
    ],
    "IAM.21": [
        fails('"s3:*"', customer_policy(identity_grant("s3:*", "arn:aws:s3:::b/*")), "custom-policy"),
        passes('"s3:GetObject"', customer_policy(identity_grant("s3:GetObject", "arn:aws:s3:::b/*"))),
    ],
    "KMS.1": [
        fails(
            "kms:Decrypt on arn:aws:kms:*:*:key/*",
            customer_policy(identity_grant("kms:Decrypt", ANY_KEY)),
            "custom-policy",
        ),
        fails(
            "kms:ReEncryptFrom on every key, under a condition",
            customer_policy(
                identity_grant(
                    "kms:ReEncrypt*", "*", {"StringEquals": {"kms:ViaService": "s3.us-east-2.amazonaws.com"}}
                )
            ),
            "custom-policy",
        ),
        passes("kms:Decrypt on one key", customer_policy(identity_grant("kms:Decrypt", ONE_KEY))),
    ],
    "KMS.2": [
        fails(
            "inline kms:* on every key of the account",
            add_statement(ROLE_POLICY, identity_grant("kms:*", arn("kms", "key/*"))),
            ROLE_POLICY,
        ),
        fails(
            "an inline role policy, kms:Decrypt on every key",
            lambda s: s.set(
                "api-cloudwatch-role",
                "inlinePolicies",
                [{"name": "decrypt", "policy": document(identity_grant("kms:Decrypt", ANY_KEY))}],
            ),
            "api-cloudwatch-role",
        ),
        passes("inline kms:Decrypt on one key", add_statement(ROLE_POLICY, identity_grant("kms:Decrypt", ONE_KEY))),
        passes("kms:DescribeKey on every key", add_statement(ROLE_POLICY, identity_grant("kms:DescribeKey", ANY_KEY))),
    ],
    "KMS.5": [
        fails(
            "a key open to everyone",
            lambda s: s.edit_document(
                "monitoring-alarms-key", "policy", lambda d: d["Statement"][0].update(Principal={"AWS": "*"})
            ),
            "monitoring-alarms-key",
        ),
        passes("the account root and a service of this account", lambda s: None),
    ],
    "WAF.10": [
        fails("no rules", set_("api-waf", "rules", []), "api-waf"),
        passes("one rule", lambda s: s.set("api-waf", "rules", s["api-waf"].props["rules"][:1])),
    ],
    "EC2.13": [
        fails("SSH from the world", sg_ingress("0.0.0.0/0", 22), "probe-in"),
        passes("SSH from the VPC", sg_ingress("10.20.0.0/16", 22)),
    ],
    "EC2.14": [
        fails("RDP from ::/0", sg_ingress("::/0", 3389), "probe-in"),
        passes("RDP from the VPC", sg_ingress("10.20.0.0/16", 3389)),
    ],
    "KMS.4": [
        fails("rotation off", set_("monitoring-alarms-key", "enableKeyRotation", False), "monitoring-alarms-key"),
        passes(
            "an asymmetric key (cannot rotate)",
            lambda s: s.set("monitoring-alarms-key", "enableKeyRotation", False).set(
                "monitoring-alarms-key", "customerMasterKeySpec", "RSA_2048"
            ),
        ),
    ],
    "WAF.11": [
        fails("no logging configuration", lambda s: s.drop("api-waf-logging"), "api-waf"),
        fails(
            "a destination without the aws-waf-logs- prefix",
            lambda s: s.set("api-waf-logging", "logDestinationConfigs", [arn("logs", "log-group:/waf/api")]),
            "api-waf-logging",
        ),
        passes("logging to aws-waf-logs-*", lambda s: None),
    ],
    "CloudWatch.15": [
        fails(
            "no alarm action",
            set_("monitoring-fraud-analyzer-iterator-age", "alarmActions", []),
            "monitoring-fraud-analyzer-iterator-age",
        ),
        passes("an alarm action", lambda s: None),
    ],
    "CloudWatch.17": [
        fails(
            "actions disabled",
            set_("monitoring-report-generator-error-rate", "actionsEnabled", False),
            "monitoring-report-generator-error-rate",
        ),
        passes(
            "actions enabled by default",
            lambda s: (
                s.unset("monitoring-report-generator-error-rate", "actionsEnabled")
                if "actionsEnabled" in s["monitoring-report-generator-error-rate"].props
                else None
            ),
        ),
    ],
}
