"""FSBP KMS.1 / KMS.2: no identity policy lets its principal decrypt with every KMS key.

Security Hub asks Zelkova whether a customer managed (KMS.1) or inline (KMS.2) policy allows kms:Decrypt or
kms:ReEncryptFrom on "all KMS keys", and ignores conditions. A literal Resource "*" is one way to say "all keys";
`arn:aws:kms:*:*:key/*` is another. The pack asks a stricter question: does a Resource pattern match any two keys
of one account, i.e. every key of an account, in any region or account the pattern leaves open?
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from fnmatch import fnmatchcase
from typing import Any

from pulumi_policy import ResourceValidationArgs, Severity

from fraud_guardrails import types as T
from fraud_guardrails.documents import Statement, action_matches
from fraud_guardrails.iam import allow_statements
from fraud_guardrails.metadata import MANDATORY, resource_rule

DECRYPT_ACTIONS = ("kms:Decrypt", "kms:ReEncryptFrom")  # the Config rules' blocked actions
_SAMPLE_REGION, _SAMPLE_ACCOUNT = "eu-west-3", "210987654321"
_SAMPLE_KEYS = ("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", "mrk-1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d")


def every_key_of_an_account(pattern: str) -> bool:
    """Whether an IAM Resource pattern matches more than one specific key: `*`, `arn:aws:kms:*:*:key/*`,
    `arn:aws:kms:us-east-2:123456789012:key/*`; not `arn:aws:kms:us-east-2:123456789012:key/<id>`."""
    pattern = pattern.strip()
    parts = pattern.split(":", 5)
    region = parts[3] if len(parts) == 6 and not any(c in parts[3] for c in "*?") else _SAMPLE_REGION
    account = parts[4] if len(parts) == 6 and not any(c in parts[4] for c in "*?") else _SAMPLE_ACCOUNT
    keys = [f"arn:aws:kms:{region}:{account}:key/{key}" for key in _SAMPLE_KEYS]
    return all(fnmatchcase(key, pattern) for key in keys)


def _decrypt_actions(statement: Statement) -> list[str]:
    if statement.not_actions:  # NotAction allows everything it does not list
        return [a for a in DECRYPT_ACTIONS if not any(action_matches(p, a) for p in statement.not_actions)]
    return [a for a in DECRYPT_ACTIONS if any(action_matches(p, a) for p in statement.actions)]


@resource_rule(
    name="aws-iam-policy-no-kms-decrypt-on-all-keys",
    description="IAM policies (customer managed and inline) do not allow kms:Decrypt or kms:ReEncryptFrom on every "
    'KMS key: not on Resource "*", not on a key/* pattern.',
    severity=Severity.HIGH,
    enforcement=MANDATORY,
    remediation="Name the key ARNs the principal decrypts with (arn:aws:kms:<region>:<account>:key/<key-id>); "
    "conditions do not count (KMS.1 and KMS.2 ignore them).",
    types=T.IAM_POLICY_DOCUMENT_HOLDERS,
    fsbp=("KMS.1", "KMS.2"),
)
def policy_no_kms_decrypt_on_all_keys(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> Iterator[str]:
    def examine(where: str, statement: Statement) -> Iterator[str]:
        actions = _decrypt_actions(statement)
        if not actions:
            return
        if statement.not_resources:
            yield f"{where}: {statement.label} allows {', '.join(actions)} on every key except NotResource"
            return
        broad = [resource for resource in statement.resources if every_key_of_an_account(resource)]
        if broad:
            listed = ", ".join(repr(resource) for resource in broad)
            yield f"{where}: {statement.label} allows {', '.join(actions)} on every key ({listed})"

    return allow_statements(args, examine)


POLICIES = [policy_no_kms_decrypt_on_all_keys]
