"""The FSBP and Checkov coverage table and the accepted exceptions, with what the stack shows for each exception."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from .catalogue import Catalogue
from .model import ControlRow, Coverage, ExceptionRow, PolicyReview
from .state import StackState


def coverage(catalogue: Catalogue, policies: tuple[PolicyReview, ...], state: StackState) -> Coverage:
    # An advisory policy that fails does not block a deployment: say so rather than "fail".
    status = {p.name: "warn" if p.status == "fail" and p.level == "advisory" else p.status for p in policies}
    fsbp = tuple(
        ControlRow("FSBP", c.control, c.title, c.status, c.policies, _result(c.policies, status), c.reason)
        for c in catalogue.fsbp
    )
    by_check: dict[str, list[str]] = {}
    for policy in catalogue.policies.values():
        for check in policy.checkov:
            by_check.setdefault(check, []).append(policy.name)
    checkov = [
        ControlRow("Checkov", check, "", "covered", tuple(sorted(names)), _result(names, status), "")
        for check, names in by_check.items()
    ]
    checkov += [
        ControlRow("Checkov", check, "", "not implemented", (), "", reason)
        for check, reason in catalogue.checkov_not_implemented.items()
    ]
    exceptions = tuple(ExceptionRow(e.control, e.reason, observe(e.control, state)) for e in catalogue.exceptions)
    stats = catalogue.fsbp_coverage
    return Coverage(
        fsbp=fsbp,
        checkov=tuple(sorted(checkov, key=lambda row: _natural(row.control))),
        exceptions=exceptions,
        fsbp_covered=int(stats.get("covered", sum(c.status == "covered" for c in fsbp))),
        fsbp_applicable=int(stats.get("applicable", sum(c.status != "not applicable" for c in fsbp))),
        fsbp_percent=float(stats.get("percent", 0.0)),
    )


def _result(names: list[str] | tuple[str, ...], status: dict[str, str]) -> str:
    outcomes = {status.get(name, "") for name in names}
    for worst in ("fail", "warn"):
        if worst in outcomes:
            return worst
    return "pass" if outcomes == {"pass"} else ""


def _natural(control: str) -> tuple:
    # CKV_AWS_7 before CKV_AWS_18, and Checkov's CKV_* before its graph checks CKV2_*.
    return (control.startswith("CKV2"), *(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", control)))


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


# What to look at for an exception, recognised by the control IDs or words its catalogue entry names.
EVIDENCE: tuple[tuple[re.Pattern[str], Callable[[StackState], list[str]]], ...] = (
    (re.compile(r"CKV_AWS_338|retention", re.I), _log_retention),
    (re.compile(r"S3\.17|CKV_AWS_145"), _bucket_encryption),
    (re.compile(r"CKV_AWS_120|cach", re.I), _api_caching),
    (re.compile(r"timeout", re.I), _timeouts),
    (re.compile(r"APIGateway\.2|CKV2_AWS_51"), _backend_certificates),
)


def observe(control: str, state: StackState) -> tuple[str, ...]:
    for pattern, evidence in EVIDENCE:
        if pattern.search(control):
            return tuple(evidence(state))
    return ()
