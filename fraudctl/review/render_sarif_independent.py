"""One SARIF run per outside tool (Checkov, parliament), its results classified against the pack.

A gap is a `warning`; a failure the pack reports too is a `note` (the pack's own run carries its level); an accepted
exception is a `note` with an external, accepted suppression whose justification is the exception's reason, so code
scanning shows it as dismissed with the reason instead of as an open alert.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from .model import ReviewModel
from .model_independent import OutsideFinding, ToolRun
from .sarif_location import resource_locations

LEVEL = {"gap": "warning", "covered": "note", "accepted exception": "note"}


def _rule_name(check: str) -> str:
    return "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", check))


def _result(finding: OutsideFinding, index: int) -> dict[str, Any]:
    subject = f"{finding.resource_type.rsplit(':', 1)[-1]} {finding.resource_name}"
    fingerprint = hashlib.sha256(
        f"{finding.tool}|{finding.check}|{finding.resource_urn}|{finding.detail}".encode()
    ).hexdigest()[:32]
    result: dict[str, Any] = {
        "ruleId": finding.check,
        "ruleIndex": index,
        "level": LEVEL[finding.classification],
        "message": {"text": f"{subject}: {finding.title} [{finding.classification}: {finding.reason}]"},
        "locations": resource_locations(finding),
        "partialFingerprints": {"toolCheckResource/v1": fingerprint},
        "properties": {
            "classification": finding.classification,
            "policies": list(finding.policies),
            "detail": finding.detail,
            "resourceType": finding.resource_type,
        },
    }
    if finding.classification == "accepted exception":
        result["suppressions"] = [{"kind": "external", "status": "accepted", "justification": finding.reason}]
    return result


def _run(model: ReviewModel, run: ToolRun, findings: list[OutsideFinding]) -> dict[str, Any]:
    titles = dict(run.titles)
    checks = sorted({f.check for f in findings} | set(titles))
    index = {check: i for i, check in enumerate(checks)}
    driver: dict[str, Any] = {
        "name": run.tool,
        "informationUri": run.information_uri,
        "rules": [
            {
                "id": check,
                "name": _rule_name(check),
                "shortDescription": {"text": titles.get(check) or check},
                "properties": {"tags": ["security", f"tool:{run.tool.lower()}"]},
            }
            for check in checks
        ],
    }
    if run.version:
        driver["version"] = run.version
    return {
        "tool": {"driver": driver},
        "automationDetails": {"id": f"fraudctl-review-{run.tool.lower()}/{model.source.project}/{model.source.stack}/"},
        "results": [_result(f, index[f.check]) for f in findings],
        "properties": {"ran": run.ran, "checked": run.checked, "passed": run.passed, "failed": run.failed},
    }


def independent_runs(model: ReviewModel) -> list[dict[str, Any]]:
    if model.independent is None:
        return []
    return [
        _run(model, run, [f for f in model.independent.findings if f.tool == run.tool])
        for run in model.independent.runs
    ]
