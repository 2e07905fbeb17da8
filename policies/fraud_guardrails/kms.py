"""KMS: customer keys rotate and their key policies are not public."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pulumi_policy import ResourceValidationArgs, Severity

from fraud_guardrails import types as T
from fraud_guardrails.documents import DocumentError, parse, public_grants
from fraud_guardrails.metadata import MANDATORY, resource_rule
from fraud_guardrails.props import get, truthy


@resource_rule(
    name="aws-kms-key-rotation",
    description="Symmetric customer-managed KMS keys rotate automatically.",
    severity=Severity.MEDIUM,
    enforcement=MANDATORY,
    remediation="Set enable_key_rotation=True on the aws.kms.Key.",
    types=(T.KMS_KEY,),
    controls=("KMS.4",),  # CIS, PCI DSS, NIST 800-53: not an FSBP control
    checkov=("CKV_AWS_7",),
)
def key_rotation(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> Iterator[str]:
    spec = get(args.props, "customerMasterKeySpec") or "SYMMETRIC_DEFAULT"
    if spec == "SYMMETRIC_DEFAULT" and not truthy(get(args.props, "enableKeyRotation")):
        yield "enableKeyRotation is not true"


@resource_rule(
    name="aws-kms-key-policy-no-public-access",
    description="KMS key policies grant nothing to the public.",
    severity=Severity.CRITICAL,
    enforcement=MANDATORY,
    remediation="Grant the account root (arn:aws:iam::<account>:root) and named service principals with an "
    'aws:SourceAccount condition instead of Principal "*".',
    types=(T.KMS_KEY,),
    fsbp=("KMS.5",),
    checkov=("CKV_AWS_33",),
)
def key_policy_not_public(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> Iterator[str]:
    try:
        yield from public_grants(parse(get(args.props, "policy")))
    except DocumentError as error:
        yield str(error)


POLICIES = [key_rotation, key_policy_not_public]
