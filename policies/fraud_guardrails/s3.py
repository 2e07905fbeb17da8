"""S3: every bucket's encryption, public access block, TLS-only policy, ownership, versioning, lifecycle and logging.

pulumi-aws v7 declares these as separate resources that point at the bucket, so most checks are stack policies: for
each bucket, find the configuration resources that reference it (links.py) and judge them together. The deprecated
inline arguments of the bucket itself count too (s3_buckets.py). What a preview cannot know yet (a policy built from
ARNs) is left undecided, which the SDK reports as its "can't run during preview" note once the rest is judged.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from fnmatch import fnmatchcase
from typing import Any

from pulumi_policy import Severity, StackValidationArgs

from fraud_guardrails import types as T
from fraud_guardrails.documents import DocumentError, Statement, parse, principals
from fraud_guardrails.links import as_configured, configured
from fraud_guardrails.metadata import ADVISORY, MANDATORY, Undecided, Violation, setting, stack_rule
from fraud_guardrails.props import UNKNOWN, describe, items, peek, strings, truthy
from fraud_guardrails.s3_buckets import Buckets, bucket_label

PUBLIC_ACCESS_FLAGS = ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")
Finding = Violation | Undecided


def _absent(stack: Buckets, types: str | tuple[str, ...], violation: Violation) -> Finding:
    """A bucket lacks a configuration of `types`: the violation, unless a configuration of those types points at a
    bucket preview cannot name (it may be this one)."""
    unresolved = stack.unresolved(types)
    return Undecided(f"which bucket {', '.join(unresolved)} is for") if unresolved else violation


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
def bucket_sse(args: StackValidationArgs, cfg: Mapping[str, Any]) -> Iterator[Finding]:
    stack = Buckets(args)
    wanted = cfg["sseAlgorithm"]
    for bucket in stack.buckets:
        label = bucket_label(bucket)
        configs = stack.configs(bucket, T.S3_BUCKET_SSE_CONFIGS)
        inline = configured(
            bucket, "serverSideEncryptionConfiguration.rule.applyServerSideEncryptionByDefault.sseAlgorithm"
        )
        if not configs and inline is None:
            yield _absent(
                stack,
                T.S3_BUCKET_SSE_CONFIGS,
                Violation(f"bucket {bucket_label(bucket)} has no server-side encryption configuration", bucket.urn),
            )
            continue
        algorithms = [(inline, bucket.urn)] if inline is not None else []
        for config in configs:
            if peek(config.props, "rules") is UNKNOWN:
                yield Undecided(f"the encryption rules of bucket {label}")
                continue
            rules = list(items(peek(config.props, "rules"))) or list(items(peek(config.props, "rule")))
            if not rules:
                yield Violation(f"the encryption configuration of {label} has no rule", config.urn)
            path = "applyServerSideEncryptionByDefault.sseAlgorithm"
            algorithms += [(as_configured(peek(rule, path), config, "rules"), config.urn) for rule in rules]
        for algorithm, urn in algorithms:
            if algorithm is UNKNOWN:
                yield Undecided(f"the encryption algorithm of bucket {label}")
            elif algorithm != wanted:
                yield Violation(f"bucket {label} encrypts with {describe(algorithm)}; expected {wanted!r}", urn)


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
def bucket_public_access_block(args: StackValidationArgs, cfg: Mapping[str, Any]) -> Iterator[Finding]:
    stack = Buckets(args)
    for bucket in stack.buckets:
        blocks = stack.configs(bucket, T.S3_BUCKET_PUBLIC_ACCESS_BLOCK)
        if not blocks:
            yield _absent(
                stack,
                T.S3_BUCKET_PUBLIC_ACCESS_BLOCK,
                Violation(f"bucket {bucket_label(bucket)} has no public access block", bucket.urn),
            )
        for block in blocks:
            # An unset flag is off (false is its default), also when a preview shows it as an unknown output.
            settings = {flag: configured(block, flag) for flag in PUBLIC_ACCESS_FLAGS}
            off = [flag for flag, value in settings.items() if value is not UNKNOWN and not truthy(value)]
            if off:
                yield Violation(
                    f"the public access block of {bucket_label(bucket)} leaves {', '.join(off)} off", block.urn
                )
            if UNKNOWN in settings.values():
                yield Undecided(f"the public access block settings of {bucket_label(bucket)}")


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
def bucket_tls_only(args: StackValidationArgs, cfg: Mapping[str, Any]) -> Iterator[Finding]:
    stack = Buckets(args)
    for bucket in stack.buckets:
        documents = [peek(policy.props, "policy") for policy in stack.configs(bucket, T.S3_BUCKET_POLICY)]
        documents.append(configured(bucket, "policy"))  # the legacy inline policy: an output, unknown when unset
        try:
            if any(_denies_insecure_transport(document, peek(bucket.props, "bucket")) for document in documents):
                continue
        except DocumentError as error:
            yield Violation(f"the policy of bucket {bucket_label(bucket)} is unreadable: {error}", bucket.urn)
            continue
        if UNKNOWN in documents:  # built from ARNs a preview does not know yet
            yield Undecided(f"the policy of bucket {bucket_label(bucket)}")
            continue
        yield _absent(
            stack,
            T.S3_BUCKET_POLICY,
            Violation(
                f"no policy of bucket {bucket_label(bucket)} denies requests without aws:SecureTransport", bucket.urn
            ),
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
def bucket_acls_disabled(args: StackValidationArgs, cfg: Mapping[str, Any]) -> Iterator[Finding]:
    stack = Buckets(args)
    for bucket in stack.buckets:
        controls = stack.configs(bucket, T.S3_BUCKET_OWNERSHIP_CONTROLS)
        if not controls:
            yield _absent(
                stack,
                T.S3_BUCKET_OWNERSHIP_CONTROLS,
                Violation(f"bucket {bucket_label(bucket)} has no ownership controls, so ACLs stay enabled", bucket.urn),
            )
        for control in controls:
            ownership = peek(control.props, "rule.objectOwnership")
            if ownership is UNKNOWN:
                yield Undecided(f"the object ownership of {bucket_label(bucket)}")
            elif ownership != "BucketOwnerEnforced":
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
def bucket_versioning(args: StackValidationArgs, cfg: Mapping[str, Any]) -> Iterator[Finding]:
    stack = Buckets(args)
    exempt = stack.log_targets() if cfg["exemptAccessLogTargets"] else set()
    for bucket in stack.buckets:
        inline = configured(bucket, "versioning.enabled")
        if bucket.urn in exempt or truthy(inline):
            continue
        configs = stack.configs(bucket, T.S3_BUCKET_VERSIONINGS)
        statuses = [peek(v.props, "versioningConfiguration.status") for v in configs]
        if "Enabled" in statuses:
            continue
        if inline is UNKNOWN or UNKNOWN in statuses:
            yield Undecided(f"the versioning status of bucket {bucket_label(bucket)}")
        elif statuses:
            yield Violation(f"bucket {bucket_label(bucket)} does not keep object versions", bucket.urn)
        else:
            yield _absent(
                stack,
                T.S3_BUCKET_VERSIONINGS,
                Violation(f"bucket {bucket_label(bucket)} does not keep object versions", bucket.urn),
            )


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
def bucket_lifecycle(args: StackValidationArgs, cfg: Mapping[str, Any]) -> Iterator[Finding]:
    stack = Buckets(args)
    for bucket in stack.buckets:
        label = bucket_label(bucket)
        rules = stack.lifecycle_rules(bucket)
        if rules is None:
            yield Undecided(f"the lifecycle rules of bucket {label}")
            continue
        if not rules:
            yield _absent(
                stack,
                T.S3_BUCKET_LIFECYCLES,
                Violation(f"bucket {bucket_label(bucket)} has no enabled lifecycle rule", bucket.urn),
            )
            continue
        aborting = [rule.enabled for rule in rules if rule.aborts_multipart]
        if True not in (rule.enabled for rule in rules):
            if any(rule.enabled is UNKNOWN for rule in rules):
                yield Undecided(f"the lifecycle rule status of bucket {label}")
            else:
                yield Violation(f"bucket {label} has no enabled lifecycle rule", bucket.urn)
        elif cfg["requireAbortIncompleteMultipartUpload"] and True not in aborting:
            if UNKNOWN in aborting:
                yield Undecided(f"the lifecycle rule status of bucket {label}")
            else:
                yield Violation(f"no enabled lifecycle rule of {label} aborts incomplete multipart uploads", bucket.urn)


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
def bucket_access_logging(args: StackValidationArgs, cfg: Mapping[str, Any]) -> Iterator[Finding]:
    stack = Buckets(args)
    targets = stack.log_targets() if cfg["exemptAccessLogTargets"] else set()
    for bucket in stack.buckets:
        # The bucket's legacy inline `logging` counts only when the program set it: during a preview an unset one is
        # an unknown output (the provider computes it), which is not a logging configuration.
        if bucket.urn in targets or configured(bucket, "logging.targetBucket") is not None:
            continue
        if not stack.configs(bucket, T.S3_BUCKET_LOGGINGS):
            yield _absent(
                stack,
                T.S3_BUCKET_LOGGINGS,
                Violation(f"bucket {bucket_label(bucket)} writes no server access logs", bucket.urn),
            )


POLICIES = [
    bucket_sse,
    bucket_public_access_block,
    bucket_tls_only,
    bucket_acls_disabled,
    bucket_versioning,
    bucket_lifecycle,
    bucket_access_logging,
]
