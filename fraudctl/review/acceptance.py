"""Evidence of the last acceptance run, read from the Cucumber JSON report pytest-bdd writes (``--cucumberjson``)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .errors import ReviewInputError
from .model_sections import Acceptance, Scenario


def load_acceptance(path: Path, display: str | None = None) -> Acceptance:
    """Read the report; ``display`` is how the review names the file (a relative path keeps reviews portable)."""
    try:
        raw = path.read_bytes()
        features = json.loads(raw)
    except OSError as err:
        raise ReviewInputError(f"{path}: cannot be read: {err}") from None
    except ValueError as err:
        raise ReviewInputError(f"{path}: not valid JSON ({err})") from None
    if not isinstance(features, list):
        raise ReviewInputError(f"{path}: not a Cucumber JSON report (expected a list of features)")
    scenarios, duration_ns = [], 0
    for feature in features:
        if not isinstance(feature, dict):
            raise ReviewInputError(f"{path}: not a Cucumber JSON report (a feature is not an object)")
        for element in feature.get("elements", []):
            steps = element.get("steps", []) or []
            results = [step.get("result", {}) for step in steps]
            duration_ns += sum(int(r.get("duration", 0) or 0) for r in results)
            statuses = {r.get("status", "skipped") for r in results}
            status = "failed" if "failed" in statuses else ("passed" if statuses == {"passed"} else "skipped")
            error = next((r.get("error_message", "") for r in results if r.get("status") == "failed"), "")
            scenarios.append(
                Scenario(
                    feature=str(feature.get("name", feature.get("uri", ""))),
                    name=str(element.get("name", "")),
                    status=status,
                    tags=tuple(sorted("@" + str(t.get("name", "")).lstrip("@") for t in element.get("tags", []))),
                    steps=len(steps),
                    error=(error.strip().splitlines() or [""])[-1][:300],
                )
            )
    ordered = tuple(sorted(scenarios, key=lambda s: (s.status != "failed", s.feature, s.name)))
    return Acceptance(
        file=display or str(path),
        sha256=hashlib.sha256(raw).hexdigest(),
        features=len(features),
        passed=sum(s.status == "passed" for s in scenarios),
        failed=sum(s.status == "failed" for s in scenarios),
        skipped=sum(s.status == "skipped" for s in scenarios),
        duration_s=round(duration_ns / 1e9, 1),
        scenarios=ordered,
    )
