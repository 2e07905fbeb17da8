"""parliament, the IAM policy linter built on AWS's own action database, over every policy document of the stack.

parliament checks identity policies: every action exists, every action's resources match the types AWS lists for it
(RESOURCE_MISMATCH: `dynamodb:ListStreams` can only be granted on `*`), Resource `*` where the action could be scoped,
and, with its community auditors, privilege escalation, credentials exposure and permissions management.
Resource-based policies (trust, key, bucket, topic policies) name the principal and apply to
their own resource, so two of its identity-policy rules do not apply to them and are set aside, counted, not hidden:
a trust policy has no Resource element (MALFORMED "neither Resource nor NotResource"), and in a key policy `*` means
this key (RESOURCE_STAR).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import version
from typing import Any

from parliament import analyze_policy_string
from parliament import config as parliament_config

from fraudctl.review.state import StackResource, StackState

IDENTITY_POLICY_TYPES = {
    "aws:iam/rolePolicy:RolePolicy",
    "aws:iam/policy:Policy",
    "aws:iam/userPolicy:UserPolicy",
    "aws:iam/groupPolicy:GroupPolicy",
}
INFORMATION_URI = "https://github.com/duo-labs/parliament"
_NOT_FOR_RESOURCE_POLICIES = ("RESOURCE_STAR", "MALFORMED")


@dataclass(frozen=True)
class PolicyDocument:
    resource: StackResource
    property: str  # "policy", "assumeRolePolicy", "inlinePolicies.<name>"
    text: str
    identity: bool


@dataclass(frozen=True)
class LintFinding:
    document: PolicyDocument
    issue: str
    title: str
    severity: str
    detail: str


@dataclass(frozen=True)
class LintReport:
    version: str
    documents: int
    findings: tuple[LintFinding, ...]
    set_aside: int  # identity-policy findings on resource policies


def policy_documents(state: StackState) -> Iterator[PolicyDocument]:
    for resource in state:
        if not resource.is_aws or not resource.custom:
            continue
        for key in ("policy", "assumeRolePolicy", "accessPolicy"):
            text = resource.get(key)
            if isinstance(text, str) and text.lstrip().startswith("{"):
                yield PolicyDocument(resource, key, text, key == "policy" and resource.type in IDENTITY_POLICY_TYPES)
        for item in resource.get("inlinePolicies", []) or []:
            text = item.get("policy") if isinstance(item, dict) else None
            if isinstance(text, str) and text.lstrip().startswith("{"):
                yield PolicyDocument(resource, f"inlinePolicies.{item.get('name', '')}", text, True)


def lint(state: StackState) -> LintReport:
    findings, documents, set_aside = [], 0, 0
    for document in policy_documents(state):
        documents += 1
        # The community auditors add Cloudsplaining-style checks (privilege escalation, credentials exposure,
        # permissions management): the second opinion should be as wide as the tool offers.
        for finding in analyze_policy_string(document.text, include_community_auditors=True).findings:
            if not document.identity and finding.issue in _NOT_FOR_RESOURCE_POLICIES:
                set_aside += 1
                continue
            known = parliament_config.get(finding.issue, {}) or {}  # titles and severities live in its config.yaml
            title = str(finding.title or known.get("title") or finding.issue)
            severity = str(finding.severity or known.get("severity") or "").lower()
            findings.append(LintFinding(document, finding.issue, title, severity, _detail(finding)))
    return LintReport(version("parliament"), documents, tuple(findings), set_aside)


def _detail(finding: Any) -> str:
    detail = finding.detail
    if isinstance(detail, list) and detail and all(isinstance(d, dict) and "action" in d for d in detail):
        return "; ".join(
            f"{d['action']} needs resource {d.get('required_format') or '?'}" for d in detail if isinstance(d, dict)
        )
    if isinstance(detail, list):
        return ", ".join(str(d) for d in detail)
    return str(detail or "")
