"""S3 bucket policies and ACLs: nothing granted to the public, no bucket-control action granted to anyone else."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pulumi_policy import ResourceValidationArgs, Severity

from fraud_guardrails import types as T
from fraud_guardrails.documents import DocumentError, action_matches, parse, principals, public_grants
from fraud_guardrails.metadata import MANDATORY, resource_rule
from fraud_guardrails.props import get

PUBLIC_CANNED_ACLS = ("public-read", "public-read-write", "authenticated-read")
# FSBP S3.6: actions another account must never be granted on a bucket.
CROSS_ACCOUNT_DENIED_ACTIONS = (
    "s3:DeleteBucketPolicy",
    "s3:PutBucketAcl",
    "s3:PutBucketPolicy",
    "s3:PutEncryptionConfiguration",
    "s3:PutObjectAcl",
)

# Checkov CKV_AWS_70 lets a public ("*") principal through only under a source/principal ARN or VPC condition;
# the pack asks the same of bucket policies (stricter than S3.2/S3.3, which also accept an account or IP condition).
S3_PINNING_KEYS = frozenset({"aws:sourcearn", "aws:principalarn", "aws:sourcevpc", "aws:sourcevpce"})


@resource_rule(
    name="aws-s3-bucket-no-public-grants",
    description="S3 bucket policies and ACLs grant nothing to the public and no bucket-control actions to anyone "
    "but the bucket's owner.",
    severity=Severity.CRITICAL,
    enforcement=MANDATORY,
    remediation='Remove Allow statements for Principal "*" (or pin them with an aws:SourceArn, aws:PrincipalArn, '
    "aws:SourceVpc or aws:SourceVpce condition), grant PutBucketPolicy/PutBucketAcl-like actions to no principal "
    "(conditions do not help: S3.6 ignores them), and use no public canned ACL.",
    types=(T.S3_BUCKET_POLICY, *T.S3_BUCKETS, T.S3_BUCKET_ACL, T.S3_BUCKET_ACL_V2),
    fsbp=("S3.2", "S3.3", "S3.6"),
    checkov=("CKV_AWS_70",),
)
def bucket_no_public_grants(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> Iterator[str]:
    acl = get(args.props, "acl")
    if acl in PUBLIC_CANNED_ACLS:
        yield f"canned ACL {acl!r} makes the bucket readable by others"
    if args.resource_type in (T.S3_BUCKET_ACL, T.S3_BUCKET_ACL_V2):
        return
    try:
        statements = parse(get(args.props, "policy"))
    except DocumentError as error:
        yield str(error)
        return
    yield from public_grants(statements, S3_PINNING_KEYS)
    for statement in statements:
        # S3.6 evaluates the Principal element only: "*" with any condition, another account, a service.
        if not statement.allows or not principals(statement.principal):
            continue
        granted = [a for a in CROSS_ACCOUNT_DENIED_ACTIONS if any(action_matches(p, a) for p in statement.actions)]
        if granted:
            who = ", ".join(sorted({value for _, value in principals(statement.principal)}))
            yield f"{statement.label} grants {', '.join(granted)} to {who} (S3.6 ignores conditions)"


POLICIES = [bucket_no_public_grants]
