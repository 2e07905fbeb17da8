"""Reading the policy results out of a ``pulumi preview --event-log FILE`` file.

One JSON engine event per line (sdk/go/common/apitype/events.go): ``{"sequence": N, "timestamp": T, "<kind>Event":
{...}}``. The review needs ``policyEvent`` (a violation), ``policyAnalyzeSummaryEvent`` (per resource: passed and
failed policies) and ``policyAnalyzeStackSummaryEvent``; everything else (resource steps, diagnostics, prelude) is
skipped. The stack and project are read from the URNs, which is what the stack export is matched against.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ReviewInputError
from .state import urn_parts
from .verdicts import PackVerdicts, PolicyVerdicts, Violation

LEVELS = {"advisory": "advisory", "mandatory": "mandatory", "remediate": "mandatory", "disabled": "disabled"}
SEVERITIES = {"", "low", "medium", "high", "critical"}
POLICY_KINDS = ("policyEvent", "policyAnalyzeSummaryEvent", "policyAnalyzeStackSummaryEvent")


@dataclass
class _Pack:
    version: str = ""
    evaluated: set[str] = field(default_factory=set)
    analyzed: set[str] = field(default_factory=set)
    violations: list[Violation] = field(default_factory=list)


def load_event_log(path: Path) -> PolicyVerdicts:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise ReviewInputError(f"{path}: not found") from None
    except (OSError, UnicodeDecodeError) as err:
        raise ReviewInputError(f"{path}: cannot be read: {err}") from None
    packs: dict[str, _Pack] = {}
    urns: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        kind, event = _event(path, number, line)
        if kind not in POLICY_KINDS:
            continue
        where = f"{path}:{number}: {kind}"
        pack = packs.setdefault(_text(event, "policyPackName", where), _Pack())
        pack.version = pack.version or str(event.get("policyPackVersion") or "")
        if kind == "policyEvent":
            violation = _violation(event, where)
            pack.violations.append(violation)
            urns.add(violation.urn)
        else:
            for key in ("passed", "failed"):
                names = event.get(key) or []
                if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
                    raise ReviewInputError(f"{where}: '{key}' must be a list of policy names")
                pack.evaluated.update(names)
            if kind == "policyAnalyzeSummaryEvent":
                urn = _text(event, "resourceUrn", where)
                pack.analyzed.add(urn)
                urns.add(urn)
    if not packs:
        raise ReviewInputError(
            f"{path}: no policy results in the event log (was it written by `pulumi preview --policy-pack DIR "
            "--event-log FILE`?)"
        )
    project, stack = _identity(path, urns)
    return PolicyVerdicts(
        project=project,
        stack=stack,
        packs=tuple(
            PackVerdicts(
                name=name,
                version=pack.version,
                declared=(),
                evaluated=frozenset(pack.evaluated),
                violations=tuple(pack.violations),
                analyzed=frozenset(pack.analyzed),
            )
            for name, pack in sorted(packs.items())
        ),
    )


def _event(path: Path, number: int, line: str) -> tuple[str, dict[str, Any]]:
    try:
        document = json.loads(line)
    except json.JSONDecodeError as err:
        raise ReviewInputError(f"{path}:{number}: not valid JSON ({err.msg} at column {err.colno})") from None
    if not isinstance(document, dict) or not isinstance(document.get("sequence"), int):
        raise ReviewInputError(f"{path}:{number}: not an engine event (no integer 'sequence')")
    kinds = [key for key in document if key.endswith("Event")]
    if len(kinds) != 1 or not isinstance(document[kinds[0]], dict):
        raise ReviewInputError(f"{path}:{number}: an engine event has exactly one '...Event' object, found {kinds}")
    return kinds[0], document[kinds[0]]


def _text(event: dict[str, Any], key: str, where: str) -> str:
    value = event.get(key)
    if not isinstance(value, str) or not value:
        raise ReviewInputError(f"{where} is missing '{key}'")
    return value


def _violation(event: dict[str, Any], where: str) -> Violation:
    policy = _text(event, "policyName", where)
    level = LEVELS.get(_text(event, "enforcementLevel", where))
    if level is None:
        raise ReviewInputError(f"{where}: unknown enforcementLevel {event['enforcementLevel']!r}")
    severity = event.get("severity") or ""
    if severity not in SEVERITIES:
        raise ReviewInputError(f"{where}: unknown severity {severity!r}")
    # The engine logs the pack's text ("<description>\n<message>") plus a newline.
    description, _, message = _text(event, "message", where).rstrip("\n").partition("\n")
    urn = event.get("resourceUrn") or ""
    if urn and not urn_parts(urn)[0]:
        raise ReviewInputError(f"{where}: malformed resourceUrn {urn!r}")
    return Violation(
        pack=event["policyPackName"],
        policy=policy,
        level=level,
        severity=severity,
        description=description,
        message=message.strip(),
        urn=urn,
    )


def _identity(path: Path, urns: set[str]) -> tuple[str, str]:
    identities = sorted({urn_parts(urn)[:2] for urn in urns if urn})
    if not identities:
        raise ReviewInputError(f"{path}: no resource URNs in the policy events; cannot tell which stack it is")
    if len(identities) > 1:
        names = ", ".join(f"{project}/{stack}" for stack, project in identities)
        raise ReviewInputError(f"{path}: policy results of several stacks in one event log ({names})")
    stack, project = identities[0]
    return project, stack
