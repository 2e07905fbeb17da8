"""An event log in the format of ``pulumi preview --event-log FILE``: one engine event per line.

Shapes follow sdk/go/common/apitype/events.go (``EngineEvent`` with ``sequence`` from 0, ``timestamp`` in Unix
seconds, and exactly one event field) and the writer in pkg/backend/display (``json.Encoder``: compact JSON, struct
field order, sorted map keys, ``<``/``>``/``&`` escaped as ``\\u003c``/``\\u003e``/``\\u0026``). We only know policy
results, so we write the events a reader of the CLI's file needs around them: ``preludeEvent`` first, a
``policyLoadEvent`` per pack, per resource each pack's ``policyEvent``s and ``policyAnalyzeSummaryEvent``, each pack's
stack violations and ``policyAnalyzeStackSummaryEvent``, then ``summaryEvent`` and ``cancelEvent`` last. Resource step
events (resourcePreEvent, resOutputsEvent) belong to the plan printer; ``write`` takes them if a caller has them.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TextIO

from fraudctl.program.model import ProgramRun

from .model import Diagnostic, PolicyAnalysis, PolicySummary, Remediation

_GO_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def go_json(value: Any) -> str:
    """Encode like Go's ``json.Encoder`` (HTML-safe, compact; a whole float64 as ``3``, not ``3.0``); those
    characters only ever occur inside strings."""
    text = json.dumps(_go_numbers(value), ensure_ascii=False, separators=(",", ":"))
    for char, escape in _GO_ESCAPES.items():
        text = text.replace(char, escape)
    return text


def _go_numbers(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e21:
        return int(value)
    if isinstance(value, dict):
        return {k: _go_numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_go_numbers(v) for v in value]
    return value


def policy_event(d: Diagnostic) -> dict[str, Any]:
    event: dict[str, Any] = {"resourceUrn": d.urn} if d.urn else {}
    event.update(
        message=d.full_message + "\n",  # the engine appends a newline to the pack's message
        color="never",
        policyName=d.policy_name,
        policyPackName=d.pack_name,
        policyPackVersion=d.pack_version,
        policyPackVersionTag=d.pack_version,
        enforcementLevel=str(d.enforcement_level),
    )
    if d.severity:
        event["severity"] = str(d.severity)
    return event


def remediation_event(r: Remediation) -> dict[str, Any]:
    return {
        "resourceUrn": r.urn,
        "color": "never",
        "policyName": r.policy_name,
        "policyPackName": r.pack_name,
        "policyPackVersion": r.pack_version,
        "policyPackVersionTag": r.pack_version,
        "before": r.before,
        "after": r.after,
    }


def summary_event(s: PolicySummary, *, stack: bool = False) -> dict[str, Any]:
    event: dict[str, Any] = {} if stack else {"resourceUrn": s.urn}
    event.update(policyPackName=s.pack_name, policyPackVersion=s.pack_version, policyPackVersionTag=s.pack_version)
    if s.passed:
        event["passed"] = list(s.passed)
    if s.failed:
        event["failed"] = list(s.failed)
    return event


class EventLogWriter:
    """Appends events to ``stream``, numbering them like the CLI."""

    def __init__(self, stream: TextIO, *, clock: Callable[[], float] = time.time) -> None:
        self._stream = stream
        self._clock = clock
        self.sequence = 0

    def write(self, kind: str, payload: Mapping[str, Any]) -> None:
        line = {"sequence": self.sequence, "timestamp": int(self._clock()), kind: payload}
        self._stream.write(go_json(line) + "\n")
        self.sequence += 1

    def prelude(self, config: Mapping[str, str]) -> None:
        self.write("preludeEvent", {"config": dict(sorted(config.items()))})

    def policy_loads(self, analysis: PolicyAnalysis) -> None:
        for _ in analysis.packs:
            self.write("policyLoadEvent", {})

    def policy_results(self, analysis: PolicyAnalysis) -> None:
        """Resource results in registration order (packs in run order within a resource: first what its
        remediations did, then its violations and summary), then stack results."""
        remediations: dict[str, list[Remediation]] = {}
        for pack in analysis.packs:
            for r in pack.remediations:
                remediations.setdefault(r.urn, []).append(r)
        by_resource: list[dict[str, list[Diagnostic]]] = []
        for pack in analysis.packs:
            grouped: dict[str, list[Diagnostic]] = {}
            for d in pack.diagnostics:
                if not d.stack_policy:
                    grouped.setdefault(d.urn, []).append(d)
            by_resource.append(grouped)
        for summaries in zip(*(pack.resource_summaries for pack in analysis.packs), strict=True):
            for r in remediations.get(summaries[0].urn, []) if summaries else []:
                self.write("policyRemediationEvent", remediation_event(r))
            for grouped, summary in zip(by_resource, summaries, strict=True):
                for d in grouped.get(summary.urn, []):
                    self.write("policyEvent", policy_event(d))
                self.write("policyAnalyzeSummaryEvent", summary_event(summary))
        for pack in analysis.packs:
            for d in pack.diagnostics:
                if d.stack_policy:
                    self.write("policyEvent", policy_event(d))
            if pack.stack_summary is not None:
                self.write("policyAnalyzeStackSummaryEvent", summary_event(pack.stack_summary, stack=True))

    def summary(self, analysis: PolicyAnalysis, resource_changes: Mapping[str, int] | None = None) -> None:
        # Local packs are keyed "<name>|local|<path>" (engine.LocalPolicyPack.NameForEvents); a preview has no duration.
        packs = {f"{p.info.name}|local|{p.info.display_path}": p.info.version for p in analysis.packs}
        self.write(
            "summaryEvent",
            {
                "maybeCorrupt": False,
                "durationSeconds": 0,
                "resourceChanges": dict(sorted((resource_changes or {}).items())),
                "PolicyPacks": dict(sorted(packs.items())),
                "isPreview": True,
            },
        )

    def cancel(self) -> None:
        self.write("cancelEvent", {})


def write_event_log(
    path: Path, run: ProgramRun, analysis: PolicyAnalysis, *, resource_changes: Mapping[str, int] | None = None
) -> None:
    """Write a complete event log for a policy-only preview of ``run``."""
    with path.open("w", encoding="utf-8") as stream:
        writer = EventLogWriter(stream)
        writer.prelude(run.config)
        writer.policy_loads(analysis)
        writer.policy_results(analysis)
        writer.summary(analysis, resource_changes)
        writer.cancel()
