"""The findings as SARIF 2.1.0 for GitHub code scanning: one run per policy pack, a rule for every policy, then one
run per outside tool (Checkov, the IAM linter: `render_sarif_independent`).

Levels: a mandatory violation is ``error`` when critical or high, ``warning`` when medium, ``note`` when low; an
advisory one is ``warning`` when critical or high, else ``note``. ``security-severity`` uses GitHub's bands
(critical >= 9.0, high 7.0-8.9, medium 4.0-6.9, low < 4.0). The output holds no timestamp, so a re-run of the same
stack gives the same file.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from .model import Finding, PolicyReview, ReviewModel
from .render_sarif_independent import independent_runs
from .sarif_location import resource_locations

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://www.pulumi.com/docs/iac/using-pulumi/crossguard/"
SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "2.0"}
MANDATORY_LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note"}


def sarif_level(level: str, severity: str) -> str:
    if level == "advisory":
        return "warning" if severity in ("critical", "high") else "note"
    return MANDATORY_LEVEL.get(severity, "warning")


def fsbp_uri(control: str) -> str:
    service, _, number = control.partition(".")
    return f"https://docs.aws.amazon.com/securityhub/latest/userguide/{service.lower()}-controls.html#{service.lower()}-{number}"


def _rule(policy: PolicyReview, related: tuple[str, ...] = ()) -> dict[str, Any]:
    refs = [f"FSBP {c}" for c in policy.fsbp] + list(policy.checkov)
    severity, origin = policy.severity or "unspecified", policy.origin or "unknown"
    facts = f"Enforcement: {policy.level}; severity: {severity}; origin: {origin}."
    full = " ".join(
        part for part in (policy.description, facts, f"Controls: {', '.join(refs)}." if refs else "") if part
    )
    remediation = policy.remediation or policy.description
    tags = ["security", f"enforcement:{policy.level}"]
    tags += [f"service:{policy.service}"] if policy.service else []
    tags += [f"origin:{policy.origin}"] if policy.origin else []
    tags += [f"fsbp:{c}" for c in policy.fsbp] + [f"checkov:{c}" for c in policy.checkov]
    tags += list(related)  # "pci-dss-v4.0.1:7.2.1": what Security Hub relates the policy's controls to
    properties: dict[str, Any] = {"tags": tags, "precision": "very-high", "enforcementLevel": policy.level}
    if policy.severity in SECURITY_SEVERITY:
        properties["security-severity"] = SECURITY_SEVERITY[policy.severity]
        properties["severity"] = policy.severity
    configuration: dict[str, Any] = {"level": sarif_level(policy.level, policy.severity)}
    if policy.level == "disabled":
        configuration = {"enabled": False, "level": "none"}
    rule: dict[str, Any] = {
        "id": policy.name,
        "name": "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", policy.name)),
        "shortDescription": {"text": policy.description or policy.name},
        "fullDescription": {"text": full or policy.name},
        "help": {
            "text": f"Remediation: {remediation}",
            "markdown": f"**Remediation:** {remediation}" + (f"\n\n**Controls:** {', '.join(refs)}" if refs else ""),
        },
        "defaultConfiguration": configuration,
        "properties": properties,
    }
    if policy.fsbp:
        rule["helpUri"] = fsbp_uri(policy.fsbp[0])
    return rule


def _result(finding: Finding, index: int) -> dict[str, Any]:
    subject = f"{finding.resource_type.rsplit(':', 1)[-1]} {finding.resource_name}"
    text = f"{subject}: {finding.message or finding.description} [{finding.level}]"
    fingerprint = hashlib.sha256(f"{finding.policy}|{finding.resource_urn}".encode()).hexdigest()[:32]
    return {
        "ruleId": finding.policy,
        "ruleIndex": index,
        "level": sarif_level(finding.level, finding.severity),
        "message": {"text": text},
        "locations": resource_locations(finding),
        # Stable across line moves: GitHub keeps one alert per policy and resource.
        "partialFingerprints": {"policyResource/v1": fingerprint},
        "properties": {
            "enforcementLevel": finding.level,
            "severity": finding.severity,
            "resourceType": finding.resource_type,
        },
    }


def sarif_document(model: ReviewModel) -> dict[str, Any]:
    versions = dict(label.rsplit("@v", 1) for label in model.source.packs if "@v" in label)
    pci = model.pci
    related = {p.policy: tuple(f"{pci.tag()}:{r}" for r in p.requirements) for p in pci.policies} if pci else {}
    runs = []
    for pack in sorted({p.pack for p in model.policies} | set(versions)):
        policies = [p for p in model.policies if p.pack == pack]
        index = {p.name: i for i, p in enumerate(policies)}
        driver: dict[str, Any] = {
            "name": pack,
            "informationUri": INFORMATION_URI,
            "rules": [_rule(p, related.get(p.name, ())) for p in policies],
        }
        if versions.get(pack):
            driver["version"] = versions[pack]
            if re.fullmatch(r"\d+\.\d+\.\d+([-+].*)?", versions[pack]):
                driver["semanticVersion"] = versions[pack]
        results = [_result(f, index[f.policy]) for f in model.findings if f.pack == pack and f.policy in index]
        runs.append(
            {
                "tool": {"driver": driver},
                "automationDetails": {"id": f"fraudctl-review/{model.source.project}/{model.source.stack}/"},
                "results": results,
                "properties": {
                    "verdict": model.summary.verdict,
                    "project": model.source.project,
                    "stack": model.source.stack,
                },
            }
        )
    runs += independent_runs(model)  # one run per outside tool, after the packs'
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": runs}


def render_sarif(model: ReviewModel) -> str:
    return json.dumps(sarif_document(model), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
