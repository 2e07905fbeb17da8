"""S3: every bucket's encryption, public access block, TLS-only policy, ownership, versioning, lifecycle and logging.

pulumi-aws v7 declares these as separate resources that point at the bucket, so most checks are stack policies: for
each bucket, find the configuration resources that reference it (links.py) and judge them together. The deprecated
inline arguments of the bucket itself count too.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from fnmatch import fnmatchcase
from typing import Any

from pulumi_policy import PolicyResource, Severity, StackValidationArgs

from fraud_guardrails import types as T
from fraud_guardrails.documents import DocumentError, Statement, parse, principals
from fraud_guardrails.links import is_unresolved, of_type, referrers
from fraud_guardrails.metadata import ADVISORY, MANDATORY, Violation, setting, stack_rule
from fraud_guardrails.props import UNKNOWN, describe, items, known, peek, strings, truthy

BUCKET_KEYS = ("bucket", "id")
PUBLIC_ACCESS_FLAGS = ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")


def bucket_label(bucket: PolicyResource) -> str:
    name = peek(bucket.props, "bucket")
    return name if isinstance(name, str) else bucket.name


class Buckets:
    """The stack's buckets with the configuration resources that point at each."""

    def __init__(self, args: StackValidationArgs) -> None:
        self.resources = args.resources
        self.buckets = of_type(args.resources, T.S3_BUCKETS)

    def configs(self, bucket: PolicyResource, types: str | Sequence[str], path: str = "bucket") -> list[PolicyResource]:
        return referrers(bucket, of_type(self.resources, types), path, BUCKET_KEYS)

    def undecidable(self, types: str | Sequence[str], path: str = "bucket") -> bool:
        """Some configuration's bucket is unknown in preview and untraceable: absence proves nothing."""
        return any(is_unresolved(config, path) for config in of_type(self.resources, types))

    def log_targets(self) -> set[str]:
        """URNs of buckets that receive server access logs (they need no logging or versioning of their own)."""
        return {
            bucket.urn
            for bucket in self.buckets
            if self.configs(bucket, T.S3_BUCKET_LOGGINGS, "targetBucket")
            or any(peek(other.props, "logging.targetBucket") == bucket_label(bucket) for other in self.buckets)
        }


@stack_rule(
    name="aws-s3-bucket-sse",
    description="Every S3 bucket has default server-side encryption with SSE-S3 (AES256), as the spec sets.",
    severity=Severity.HIGH,
    enforcement=MANDATORY,
    remediation='Declare aws.s3.BucketServerSideEncryptionConfiguration(bucket=..., rules=[...sse_algorithm="AES256"]) '
    "for every bucket.",
    checkov=("CKV_AWS_19",),
    spec=True,
    config={"sseAlgorithm": setting("string", "AES256", "Required default encryption algorithm.")},
)
def bucket_sse(args: StackValidationArgs, cfg: Mapping[str, Any]) -> Iterator[Violation]:
    stack = Buckets(args)
    wanted = cfg["sseAlgorithm"]
    for bucket in stack.buckets:
        configs = stack.configs(bucket, T.S3_BUCKET_SSE_CONFIGS)
        inline = peek(
            bucket.props, "serverSideEncryptionConfiguration.rule.applyServerSideEncryptionByDefault.sseAlgorithm"
        )
        if not configs and inline is None:
            if not stack.undecidable(T.S3_BUCKET_SSE_CONFIGS):
                yield Violation(
                    f"bucket {bucket_label(bucket)} has no server-side encryption configuration", bucket.urn
                )
            continue
        if inline is not None and inline is not UNKNOWN and inline != wanted:
            yield Violation(
                f"bucket {bucket_label(bucket)} encrypts with {describe(inline)}; expected {wanted!r}", bucket.urn
            )
        for config in configs:
            rules = list(items(peek(config.props, "rules"))) or list(items(peek(config.props, "rule")))
            algorithms = [peek(rule, "applyServerSideEncryptionByDefault.sseAlgorithm") for rule in rules]
            if not algorithms:
                yield Violation(f"the encryption configuration of {bucket_label(bucket)} has no rule", config.urn)
            for algorithm in algorithms:
                if algorithm is not UNKNOWN and algorithm != wanted:
                    yield Violation(
                        f"bucket {bucket_label(bucket)} encrypts with {describe(algorithm)}; expected {wanted!r}",
                        config.urn,
                    )


@stack_rule(
    name="aws-s3-bucket-public-access-block",
    description="Every S3 bucket has a public access block with all four settings on.",
    severity=Severity.HIGH,
    enforcement=MANDATORY,
    remediation="Declare aws.s3.BucketPublicAccessBlock(bucket=..., block_public_acls=True, block_public_policy=True, "
    "ignore_public_acls=True, restrict_public_buckets=True) for every bucket.",
    fsbp=("S3.8", "S3.2", "S3.3"),
    checkov=("CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56", "CKV2_AWS_6"),
)
def bucket_public_access_block(args: StackValidationArgs, cfg: Mapping[str, Any]) -> Iterator[Violation]:
    stack = Buckets(args)
    for bucket in stack.buckets:
        blocks = stack.configs(bucket, T.S3_BUCKET_PUBLIC_ACCESS_BLOCK)
        if not blocks and not stack.undecidable(T.S3_BUCKET_PUBLIC_ACCESS_BLOCK):
            yield Violation(f"bucket {bucket_label(bucket)} has no public access block", bucket.urn)
        for block in blocks:
            off = [
                flag
                for flag in PUBLIC_ACCESS_FLAGS
                if not truthy(peek(block.props, flag)) and peek(block.props, flag) is not UNKNOWN
            ]
            if off:
                yield Violation(
                    f"the public access block of {bucket_label(bucket)} leaves {', '.join(off)} off", block.urn
                )


def _covers(statement: Statement, bucket: Any) -> bool:
    """The statement's Resource covers the bucket and every object in it (both, or a request of the other kind gets
    through); an unknown bucket name is taken as covered."""
    if not isinstance(bucket, str):
        return True
    patterns = [resource.strip() for resource in statement.resources]
    return all(
        any(fnmatchcase(target, pattern) for pattern in patterns)
        for target in (f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/any/object")
    )


def _denies_insecure_transport(document: Any, bucket: Any = None) -> bool:
    for statement in parse(document):
        if statement.effect.lower() != "deny" or not any(value == "*" for _, value in principals(statement.principal)):
            continue
        if not any(action in ("*", "s3:*") for action in (a.lower() for a in statement.actions)):
            continue
        if not _covers(statement, bucket):
            continue
        for operator, clauses in statement.conditions.items():
            if str(operator).lower() != "bool" or not isinstance(clauses, Mapping):
                continue
            for key, value in clauses.items():
                if key.lower() == "aws:securetransport" and (
                    value is False or [v.lower() for v in strings(value)] == ["false"]
                ):
                    return True
    return False


@stack_rule(
    name="aws-s3-bucket-tls-only",
    description="Every S3 bucket's policy denies requests that do not use TLS (aws:SecureTransport false), on "
    "the bucket and on its objects.",
    severity=Severity.HIGH,
    enforcement=MANDATORY,
    remediation='Attach an aws.s3.BucketPolicy with a Deny of "s3:*" for Principal "*" on the bucket and its objects '
    'under Condition {"Bool": {"aws:SecureTransport": "false"}}.',
    fsbp=("S3.5",),
    checkov=("CKV_AWS_379",),
)
def bucket_tls_only(args: StackValidationArgs, cfg: Mapping[str, Any]) -> Iterator[Violation]:
    stack = Buckets(args)
    for bucket in stack.buckets:
        documents = [peek(policy.props, "policy") for policy in stack.configs(bucket, T.S3_BUCKET_POLICY)]
        documents.append(peek(bucket.props, "policy"))
        if any(document is UNKNOWN for document in documents) or stack.undecidable(T.S3_BUCKET_POLICY):
            continue  # the document is built from ARNs that preview does not know yet
        try:
            if any(_denies_insecure_transport(document, peek(bucket.props, "bucket")) for document in documents):
                continue
        except DocumentError as error:
            yield Violation(f"the policy of bucket {bucket_label(bucket)} is unreadable: {error}", bucket.urn)
            continue
        yield Violation(
            f"no policy of bucket {bucket_label(bucket)} denies requests without aws:SecureTransport", bucket.urn
        )


@stack_rule(
    name="aws-s3-bucket-acls-disabled",
    description="Every S3 bucket disables ACLs (object ownership BucketOwnerEnforced).",
    severity=Severity.MEDIUM,
    enforcement=MANDATORY,
    remediation='Declare aws.s3.BucketOwnershipControls(bucket=..., rule=...(object_ownership="BucketOwnerEnforced")).',
    fsbp=("S3.12",),
    checkov=("CKV2_AWS_65",),
)
def bucket_acls_disabled(args: StackValidationArgs, cfg: Mapping[str, Any]) -> Iterator[Violation]:
    stack = Buckets(args)
    for bucket in stack.buckets:
        controls = stack.configs(bucket, T.S3_BUCKET_OWNERSHIP_CONTROLS)
        if not controls and not stack.undecidable(T.S3_BUCKET_OWNERSHIP_CONTROLS):
            yield Violation(
                f"bucket {bucket_label(bucket)} has no ownership controls, so ACLs stay enabled", bucket.urn
            )
        for control in controls:
            ownership = peek(control.props, "rule.objectOwnership")
            if ownership is not UNKNOWN and ownership != "BucketOwnerEnforced":
                yield Violation(
                    f"object ownership of {bucket_label(bucket)} is {describe(ownership)}; "
                    "expected BucketOwnerEnforced",
                    control.urn,
                )


@stack_rule(
    name="aws-s3-bucket-versioning",
    description="S3 buckets keep object versions, the access-log bucket too: its logs are audit evidence.",
    severity=Severity.LOW,
    enforcement=ADVISORY,
    remediation='Declare aws.s3.BucketVersioning(bucket=..., versioning_configuration=...(status="Enabled")).',
    checkov=("CKV_AWS_21",),
    config={
        # Off by default since issue 12: an overwritten or deleted access log is lost evidence (Checkov CKV_AWS_21
        # checks every bucket, the log bucket too).
        "exemptAccessLogTargets": setting("boolean", False, "Exempt buckets that only receive access logs.")
    },
)
def bucket_versioning(args: StackValidationArgs, cfg: Mapping[str, Any]) -> Iterator[Violation]:
    stack = Buckets(args)
    exempt = stack.log_targets() if cfg["exemptAccessLogTargets"] else set()
    for bucket in stack.buckets:
        if bucket.urn in exempt or truthy(peek(bucket.props, "versioning.enabled")):
            continue
        statuses = [
            peek(v.props, "versioningConfiguration.status") for v in stack.configs(bucket, T.S3_BUCKET_VERSIONINGS)
        ]
        if any(status in ("Enabled", UNKNOWN) for status in statuses):
            continue
        if statuses or not stack.undecidable(T.S3_BUCKET_VERSIONINGS):
            yield Violation(f"bucket {bucket_label(bucket)} does not keep object versions", bucket.urn)


def _lifecycle_rules(stack: Buckets, bucket: PolicyResource) -> list[tuple[bool, bool]]:
    """(enabled, aborts incomplete multipart uploads) per lifecycle rule, from both declaration styles."""
    found = []
    for config in stack.configs(bucket, T.S3_BUCKET_LIFECYCLES):
        for rule in items(peek(config.props, "rules")):
            status = peek(rule, "status")
            enabled = status == "Enabled" or status is UNKNOWN
            found.append((enabled, peek(rule, "abortIncompleteMultipartUpload.daysAfterInitiation") is not None))
    for rule in items(peek(bucket.props, "lifecycleRules")):
        found.append((truthy(peek(rule, "enabled")), peek(rule, "abortIncompleteMultipartUploadDays") is not None))
    return found


@stack_rule(
    name="aws-s3-bucket-lifecycle",
    description="Every S3 bucket has an enabled lifecycle rule that also aborts incomplete multipart uploads.",
    severity=Severity.LOW,
    enforcement=MANDATORY,
    remediation='Declare aws.s3.BucketLifecycleConfiguration(bucket=..., rules=[...status="Enabled", '
    "abort_incomplete_multipart_upload=...(days_after_initiation=7)]).",
    fsbp=("S3.10", "S3.13"),
    checkov=("CKV2_AWS_61", "CKV_AWS_300"),
    config={
        "requireAbortIncompleteMultipartUpload": setting(
            "boolean", True, "An enabled rule must abort incomplete multipart uploads."
        )
    },
)
def bucket_lifecycle(args: StackValidationArgs, cfg: Mapping[str, Any]) -> Iterator[Violation]:
    stack = Buckets(args)
    for bucket in stack.buckets:
        rules = _lifecycle_rules(stack, bucket)
        if not rules and stack.undecidable(T.S3_BUCKET_LIFECYCLES):
            continue
        if not any(enabled for enabled, _ in rules):
            yield Violation(f"bucket {bucket_label(bucket)} has no enabled lifecycle rule", bucket.urn)
        elif cfg["requireAbortIncompleteMultipartUpload"] and not any(enabled and aborts for enabled, aborts in rules):
            yield Violation(
                f"no enabled lifecycle rule of {bucket_label(bucket)} aborts incomplete multipart uploads", bucket.urn
            )


@stack_rule(
    name="aws-s3-bucket-access-logging",
    description="S3 buckets write server access logs to a log bucket (the log buckets themselves exempt by config).",
    severity=Severity.MEDIUM,
    enforcement=MANDATORY,
    remediation="Declare aws.s3.BucketLogging(bucket=..., target_bucket=<access-log bucket>, target_prefix=...).",
    fsbp=("S3.9",),
    checkov=("CKV_AWS_18",),
    config={
        "exemptAccessLogTargets": setting(
            "boolean",
            True,
            "Buckets that receive access logs need no logging of their own (AWS: suppress their S3.9 finding).",
        )
    },
)
def bucket_access_logging(args: StackValidationArgs, cfg: Mapping[str, Any]) -> Iterator[Violation]:
    stack = Buckets(args)
    targets = stack.log_targets() if cfg["exemptAccessLogTargets"] else set()
    for bucket in stack.buckets:
        # The bucket's legacy inline `logging` counts only when the program set it: during a preview an unset one is
        # an unknown output (the provider computes it), which is not a logging configuration.
        inline = peek(bucket.props, "logging")
        if bucket.urn in targets or (known(inline) and peek(inline, "targetBucket") is not None):
            continue
        if not stack.configs(bucket, T.S3_BUCKET_LOGGINGS) and not stack.undecidable(T.S3_BUCKET_LOGGINGS):
            yield Violation(f"bucket {bucket_label(bucket)} writes no server access logs", bucket.urn)


POLICIES = [
    bucket_sse,
    bucket_public_access_block,
    bucket_tls_only,
    bucket_acls_disabled,
    bucket_versioning,
    bucket_lifecycle,
    bucket_access_logging,
]
