"""The stack's S3 buckets and, for each, the configuration resources that point at it, for the S3 stack policies.

pulumi-aws v7 declares a bucket's encryption, versioning, lifecycle, logging, policy and public access block as
separate resources that reference the bucket (links.py finds them). The bucket's deprecated inline arguments count
too, but they are computed outputs: a preview shows them unknown whether or not the program set them, so they are
read with `configured`, which takes an unset one for no configuration.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pulumi_policy import PolicyResource, StackValidationArgs

from fraud_guardrails import types as T
from fraud_guardrails.links import as_configured, configured, is_unresolved, of_type, referrers, refers_to
from fraud_guardrails.props import UNKNOWN, items, peek, truthy

BUCKET_KEYS = ("bucket", "id")


def bucket_label(bucket: PolicyResource) -> str:
    name = peek(bucket.props, "bucket")
    return name if isinstance(name, str) else bucket.name


@dataclass(frozen=True)
class LifecycleRule:
    enabled: Any  # True, False or UNKNOWN (a status set from another resource's output)
    aborts_multipart: bool  # the rule aborts incomplete multipart uploads


class Buckets:
    """The stack's buckets with the configuration resources that point at each."""

    def __init__(self, args: StackValidationArgs) -> None:
        self.resources = args.resources
        self.buckets = of_type(args.resources, T.S3_BUCKETS)

    def configs(self, bucket: PolicyResource, types: str | Sequence[str], path: str = "bucket") -> list[PolicyResource]:
        return referrers(bucket, of_type(self.resources, types), path, BUCKET_KEYS)

    def unresolved(self, types: str | Sequence[str], path: str = "bucket") -> list[str]:
        """Configurations whose bucket is unknown in preview and untraceable: a bucket's lack of one proves nothing."""
        return [config.name for config in of_type(self.resources, types) if is_unresolved(config, path)]

    def log_targets(self) -> set[str]:
        """URNs of buckets that receive server access logs (they need no logging or versioning of their own)."""
        return {
            bucket.urn
            for bucket in self.buckets
            if self.configs(bucket, T.S3_BUCKET_LOGGINGS, "targetBucket")
            or any(refers_to(other, "logging.targetBucket", bucket, BUCKET_KEYS) for other in self.buckets)
        }

    def lifecycle_rules(self, bucket: PolicyResource) -> list[LifecycleRule] | None:
        """The bucket's lifecycle rules, from both declaration styles; None when a rule list was set from another
        resource's output (known at deploy time). A value inside a rule that a preview shows as unknown counts only
        if the program set it (the list depends on another resource), not when the provider fills it in."""
        found = []
        sources = [(config, "rules") for config in self.configs(bucket, T.S3_BUCKET_LIFECYCLES)]
        sources.append((bucket, "lifecycleRules"))  # the legacy inline rules: an output of the bucket
        for source, key in sources:
            rules = configured(source, key)
            if rules is UNKNOWN:
                return None
            for rule in items(rules):
                if key == "rules":
                    status = as_configured(peek(rule, "status"), source, key)
                    enabled = UNKNOWN if status is UNKNOWN else status == "Enabled"
                    abort = as_configured(peek(rule, "abortIncompleteMultipartUpload.daysAfterInitiation"), source, key)
                else:
                    flag = as_configured(peek(rule, "enabled"), source, key)
                    enabled = UNKNOWN if flag is UNKNOWN else truthy(flag)
                    abort = as_configured(peek(rule, "abortIncompleteMultipartUploadDays"), source, key)
                found.append(LifecycleRule(enabled, abort is not None))
        return found
