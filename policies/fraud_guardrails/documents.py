"""IAM policy documents (identity and resource policies) as the checks need them.

A document arrives as a JSON string (what `json.dumps` or `get_policy_document` produce) or as an object. Action,
Resource and Principal values may be a string or a list; IAM compares actions case-insensitively with `*` and `?`
wildcards.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

from fraud_guardrails.props import is_unknown, items, mapping, strings

# Condition keys that tie a public ("*") principal to something specific: a source, an organisation, an account.
RESTRICTING_CONDITION_KEYS = frozenset(
    {
        "aws:sourcearn",
        "aws:sourceaccount",
        "aws:sourceowner",
        "aws:sourcevpc",
        "aws:sourcevpce",
        "aws:sourceip",
        "aws:sourceorgid",
        "aws:principalorgid",
        "aws:principalaccount",
        "aws:principalarn",
        "aws:userid",
    }
)


class DocumentError(ValueError):
    """The policy is not a readable IAM policy document."""


@dataclass(frozen=True)
class Statement:
    index: int
    sid: str
    effect: str
    actions: tuple[str, ...]
    not_actions: tuple[str, ...]
    resources: tuple[str, ...]
    not_resources: tuple[str, ...]
    principal: Any
    not_principal: Any
    conditions: Mapping[str, Any]

    @property
    def allows(self) -> bool:
        return self.effect.lower() == "allow"

    @property
    def label(self) -> str:
        return f"statement {self.sid!r}" if self.sid else f"statement #{self.index + 1}"


def parse(document: Any) -> list[Statement]:
    """The statements of a policy document; [] for no document. Raises DocumentError for an unreadable one."""
    if document is None or is_unknown(document) or document == "":
        return []
    if isinstance(document, str):
        try:
            document = json.loads(document)
        except ValueError as error:
            raise DocumentError(f"the policy is not valid JSON ({error})") from None
    if not isinstance(document, Mapping):
        raise DocumentError("the policy is not a JSON object")
    raw = document.get("Statement")
    statements = [raw] if isinstance(raw, Mapping) else list(items(raw))
    parsed = []
    for index, statement in enumerate(statements):
        if not isinstance(statement, Mapping):
            raise DocumentError(f"statement #{index + 1} is not an object")
        parsed.append(
            Statement(
                index=index,
                sid=str(statement.get("Sid") or ""),
                effect=str(statement.get("Effect") or ""),
                actions=tuple(strings(statement.get("Action"))),
                not_actions=tuple(strings(statement.get("NotAction"))),
                resources=tuple(strings(statement.get("Resource"))),
                not_resources=tuple(strings(statement.get("NotResource"))),
                principal=statement.get("Principal"),
                not_principal=statement.get("NotPrincipal"),
                conditions=mapping(statement.get("Condition")) or {},
            )
        )
    return parsed


def action_matches(pattern: str, action: str) -> bool:
    """Whether an IAM action pattern (`s3:Get*`) covers an action (`s3:GetObject`), case-insensitively."""
    return fnmatchcase(action.lower(), pattern.lower())


def is_full_wildcard(action: str) -> bool:
    """`*` or `service:*`: every action (of a service)."""
    return action.strip() == "*" or action.strip().endswith(":*")


def principals(principal: Any) -> list[tuple[str, str]]:
    """(kind, value) pairs of a Principal element: "*" counts as ("*", "*")."""
    if principal is None:
        return []
    if isinstance(principal, str):
        return [("*", principal)] if principal.strip() == "*" else [("AWS", principal)]
    found = []
    for kind, value in (mapping(principal) or {}).items():
        found.extend((str(kind), entry) for entry in strings(value))
    return found


def has_public_principal(statement: Statement) -> bool:
    return any(value.strip() == "*" for kind, value in principals(statement.principal) if kind in ("*", "AWS"))


# Operators whose match pins a request to the listed values. Negated operators (StringNotEquals...) restrict
# nothing, ...IfExists is satisfied by a request without the key, and ForAllValues by an empty set.
_PINNING_OPERATOR = re.compile(
    r"^(ForAnyValue:)?(StringEquals|StringEqualsIgnoreCase|StringLike|ArnEquals|ArnLike|IpAddress)$", re.I
)
_ANY_OPERATOR = re.compile(
    r"^(ForAnyValue:|ForAllValues:)?(StringEquals|StringEqualsIgnoreCase|StringLike|ArnEquals|ArnLike|IpAddress)"
    r"(IfExists)?$",
    re.I,
)


def is_open_value(key: str, value: str) -> bool:
    """A condition value that lets anyone through: a wildcard, a policy variable, a /0 network, any organisation.

    AWS counts a resource policy as non-public only when it grants to fixed values ("values that don't contain a
    wildcard or a policy variable", AWS Config lambda-function-public-access-prohibited, sqs-queue-no-public-access).
    """
    return "*" in value or "?" in value or "${" in value or (key == "aws:sourceip" and value.strip().endswith("/0"))


def is_restricted_by_condition(statement: Statement, keys: frozenset[str] = RESTRICTING_CONDITION_KEYS) -> bool:
    """A condition pins the statement to a source, account or organisation with fixed values only.

    Stricter than both Security Hub and Cloudsplaining (Checkov CKV_AWS_168/169/387): one open value under any
    positive operator opens the statement, whatever the other conditions say.
    """
    pinned = False
    for operator, clauses in statement.conditions.items():
        if not _ANY_OPERATOR.match(str(operator)):
            continue
        for key, values in (mapping(clauses) or {}).items():
            key = key.lower()
            if key not in keys:
                continue
            found = strings(values)
            if not found or any(is_open_value(key, value) for value in found):
                return False
            pinned = pinned or bool(_PINNING_OPERATOR.match(str(operator)))
    return pinned


def public_grants(statements: list[Statement], keys: frozenset[str] = RESTRICTING_CONDITION_KEYS) -> Iterator[str]:
    """Why a resource policy grants access to anyone (S3.2/S3.3, SQS.3, SNS.4, KMS.5 style).

    `keys`: the condition keys that may pin a public principal (the default set, or a narrower one a check needs).
    """
    for statement in statements:
        if not statement.allows:
            continue
        if statement.not_principal is not None:
            yield f"{statement.label} allows everyone except a NotPrincipal list"
        elif has_public_principal(statement) and not is_restricted_by_condition(statement, keys):
            pins = (
                "source ARN, account, VPC, IP or organisation"
                if keys == RESTRICTING_CONDITION_KEYS
                else (", ".join(sorted(keys)))
            )
            yield f'{statement.label} allows any principal ("*") with no condition pinning it to a fixed {pins}'
