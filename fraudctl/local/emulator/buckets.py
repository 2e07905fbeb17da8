"""Buckets and their v7 configuration resources (encryption, ownership, public access block, versioning, lifecycle)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fraudctl.local.emulator.provisioned import Provisioned
from fraudctl.local.wire_names import pascal
from fraudctl.program.model import RecordedResource


def create_bucket(s3: Any, bucket: RecordedResource, region: str, done: Provisioned) -> None:
    name = str(bucket.inputs.get("bucket") or bucket.outputs["bucket"])
    request: dict[str, Any] = {"Bucket": name}
    if region != "us-east-1":  # us-east-1 refuses an explicit LocationConstraint
        request["CreateBucketConfiguration"] = {"LocationConstraint": region}
    if bucket.inputs.get("objectLockEnabled"):
        request["ObjectLockEnabledForBucket"] = True
    s3.create_bucket(**request)
    if bucket.inputs.get("tags"):
        tags = [{"Key": key, "Value": value} for key, value in bucket.inputs["tags"].items()]
        s3.put_bucket_tagging(Bucket=name, Tagging={"TagSet": tags})
    done.created.append(f"bucket {name}")


def _encryption(s3: Any, part: RecordedResource, done: Provisioned) -> None:
    rules = pascal(part.inputs["rules"])
    s3.put_bucket_encryption(Bucket=_bucket(part), ServerSideEncryptionConfiguration={"Rules": rules})


def _ownership(s3: Any, part: RecordedResource, done: Provisioned) -> None:
    s3.put_bucket_ownership_controls(Bucket=_bucket(part), OwnershipControls={"Rules": [pascal(part.inputs["rule"])]})


def _public_access_block(s3: Any, part: RecordedResource, done: Provisioned) -> None:
    settings = ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")
    configuration = {name[0].upper() + name[1:]: bool(part.inputs.get(name)) for name in settings}
    s3.put_public_access_block(Bucket=_bucket(part), PublicAccessBlockConfiguration=configuration)


def _versioning(s3: Any, part: RecordedResource, done: Provisioned) -> None:
    s3.put_bucket_versioning(
        Bucket=_bucket(part), VersioningConfiguration=pascal(part.inputs["versioningConfiguration"])
    )


def _lifecycle(s3: Any, part: RecordedResource, done: Provisioned) -> None:
    request: dict[str, Any] = {
        "Bucket": _bucket(part),
        "LifecycleConfiguration": {"Rules": pascal(part.inputs["rules"])},
    }
    if part.inputs.get("transitionDefaultMinimumObjectSize"):
        request["TransitionDefaultMinimumObjectSize"] = part.inputs["transitionDefaultMinimumObjectSize"]
    s3.put_bucket_lifecycle_configuration(**request)


def _policy(s3: Any, part: RecordedResource, done: Provisioned) -> None:
    # moto evaluates bucket policies, and every local call is plain HTTP: the TLS-only deny (aws:SecureTransport)
    # would refuse every request. In AWS the SDKs always use HTTPS, so leaving the policy out changes nothing else.
    done.notes.append(f"bucket {_bucket(part)}: policy {part.name} not applied (moto would deny plain-HTTP calls)")


def _logging(s3: Any, part: RecordedResource, done: Provisioned) -> None:
    # moto only accepts a log target whose ACL grants the log-delivery group, which BucketOwnerEnforced forbids;
    # it never delivers access logs anyway.
    done.notes.append(f"bucket {_bucket(part)}: access logging {part.name} not applied (not emulated by moto)")


def _bucket(part: RecordedResource) -> str:
    return str(part.inputs["bucket"])


BUCKET_PARTS: dict[str, Callable[[Any, RecordedResource, Provisioned], None]] = {
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": _encryption,
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": _ownership,
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": _public_access_block,
    "aws:s3/bucketVersioning:BucketVersioning": _versioning,
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": _lifecycle,
    "aws:s3/bucketPolicy:BucketPolicy": _policy,
    "aws:s3/bucketLogging:BucketLogging": _logging,
}
