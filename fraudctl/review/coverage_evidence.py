"""What the stack shows for each accepted exception: the evidence next to the stated reason."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable

from .state import StackState


def _counted(values: list[str]) -> str:
    return ", ".join(f"{value} ({count})" for value, count in sorted(Counter(values).items()))


def _log_retention(state: StackState) -> list[str]:
    groups = state.of_type("aws:cloudwatch/logGroup:LogGroup")
    days = [f"{int(g.get('retentionInDays'))} days" if g.get("retentionInDays") else "never expires" for g in groups]
    return [f"log group retention: {_counted(days)} of {len(groups)} log groups"] if groups else []


def _bucket_encryption(state: StackState) -> list[str]:
    configs = state.of_type("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration")
    return [
        f"bucket {c.get('bucket', c.name)}: default encryption "
        f"{c.get('rules.0.applyServerSideEncryptionByDefault.sseAlgorithm', 'unknown')}"
        for c in configs
    ]


def _api_caching(state: StackState) -> list[str]:
    found = [
        f"method settings {m.name} ({m.get('methodPath', '?')}): caching "
        + ("on" if m.get("settings.cachingEnabled") else "off")
        for m in state.of_type("aws:apigateway/methodSettings:MethodSettings")
    ]
    found += [
        f"stage {s.get('stageName', s.name)}: cache cluster " + ("on" if s.get("cacheClusterEnabled") else "off")
        for s in state.of_type("aws:apigateway/stage:Stage")
    ]
    return found


def _timeouts(state: StackState) -> list[str]:
    functions = [f"{int(f.get('timeout', 3))} s" for f in state.of_type("aws:lambda/function:Function")]
    integrations = [
        f"{int(i.get('timeoutMilliseconds', 29000))} ms"
        for i in state.of_type("aws:apigateway/integration:Integration")
    ]
    found = [f"Lambda timeout: {_counted(functions)}"] if functions else []
    return found + ([f"API integration timeout: {_counted(integrations)}"] if integrations else [])


def _backend_certificates(state: StackState) -> list[str]:
    kinds = [str(i.get("type", "?")) for i in state.of_type("aws:apigateway/integration:Integration")]
    certificates = [s for s in state.of_type("aws:apigateway/stage:Stage") if s.get("clientCertificateId")]
    return [f"integration types: {_counted(kinds)}", f"stages with a client certificate: {len(certificates)}"]


def _deletion_protection(state: StackState) -> list[str]:
    tables = state.of_type("aws:dynamodb/table:Table")
    protected = sum(1 for t in tables if t.get("deletionProtectionEnabled"))
    return [f"tables with deletion protection: {protected} of {len(tables)}"] if tables else []


def _runtimes(state: StackState) -> list[str]:
    runtimes = [str(f.get("runtime", "?")) for f in state.of_type("aws:lambda/function:Function")]
    return [f"function runtimes: {_counted(runtimes)}"] if runtimes else []


def _notifications(state: StackState) -> list[str]:
    buckets = state.of_type("aws:s3/bucket:Bucket")
    notified = state.of_type("aws:s3/bucketNotification:BucketNotification")
    return [f"buckets: {len(buckets)}; event notification configurations: {len(notified)}"]


def _endpoints(state: StackState) -> list[str]:
    kinds = [
        f"{str(e.get('serviceName', '?')).rsplit('.', 1)[-1]} ({e.get('vpcEndpointType', '?')})"
        for e in state.of_type("aws:ec2/vpcEndpoint:VpcEndpoint")
    ]
    return [f"VPC endpoints: {', '.join(sorted(kinds)) or 'none'}"]


def _access_logging(state: StackState) -> list[str]:
    buckets = state.of_type("aws:s3/bucket:Bucket")
    logged = {str(c.get("bucket")) for c in state.of_type("aws:s3/bucketLogging:BucketLogging")}
    return [
        f"bucket {b.get('bucket', b.name)}: " + ("access logs on" if b.get("bucket") in logged else "no access logs")
        for b in buckets
    ]


def _replication(state: StackState) -> list[str]:
    buckets = state.of_type("aws:s3/bucket:Bucket")
    replicated = state.of_type("aws:s3/bucketReplicationConfig:BucketReplicationConfig")
    versioned = {
        str(v.get("bucket"))
        for v in state.of_type("aws:s3/bucketVersioning:BucketVersioning")
        if v.get("versioningConfiguration.status") == "Enabled"
    }
    regions = sorted({str(p.get("region")) for p in state.of_type("pulumi:providers:aws") if p.get("region")})
    return [
        f"buckets: {len(buckets)}; replication configurations: {len(replicated)}; versioned: "
        f"{sum(1 for b in buckets if str(b.get('bucket')) in versioned)} of {len(buckets)}",
        f"provider regions: {', '.join(regions) or 'none set'}",
    ]


def _key_policies(state: StackState) -> list[str]:
    found = []
    for key in state.of_type("aws:kms/key:Key"):
        try:
            statements = json.loads(str(key.get("policy", ""))).get("Statement", [])
        except (ValueError, AttributeError):
            continue
        for statement in statements if isinstance(statements, list) else []:
            principal = statement.get("Principal", {})
            who = principal.get("AWS") or principal.get("Service") if isinstance(principal, dict) else principal
            actions = statement.get("Action", [])
            count = len(actions) if isinstance(actions, list) else 1
            found.append(f"key {key.name}: {statement.get('Sid', '?')} grants {count} actions to {who}")
    return found


# What to look at for an exception, recognised by the control IDs or words its catalogue entry names.
EVIDENCE: tuple[tuple[re.Pattern[str], Callable[[StackState], list[str]]], ...] = (
    (re.compile(r"DynamoDB\.6"), _deletion_protection),
    (re.compile(r"Lambda\.2"), _runtimes),
    (re.compile(r"S3\.11"), _notifications),
    (re.compile(r"EC2\.(10|5[5-8]|60)\b"), _endpoints),
    (re.compile(r"S3\.9\b|CKV_AWS_18\b"), _access_logging),
    (re.compile(r"CKV_AWS_338|CloudWatch\.16|retention", re.I), _log_retention),
    (re.compile(r"S3\.17|CKV_AWS_145"), _bucket_encryption),
    (re.compile(r"CKV_AWS_120|cach", re.I), _api_caching),
    (re.compile(r"timeout", re.I), _timeouts),
    (re.compile(r"APIGateway\.2|CKV2_AWS_51"), _backend_certificates),
    (re.compile(r"S3\.7\b|CKV_AWS_144"), _replication),
    (re.compile(r"PERMISSIONS_MANAGEMENT_ACTIONS"), _key_policies),
)


def observe(control: str, state: StackState) -> tuple[str, ...]:
    for pattern, evidence in EVIDENCE:
        if pattern.search(control):
            return tuple(evidence(state))
    return ()
