"""The result model: what the packs declared, how they were configured, and what they reported.

Everything here is plain, frozen data so the CLI, the event-log writer, the renderer and the benchmark can consume it
without touching gRPC or processes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .levels import EnforcementLevel, Severity, counts_as_mandatory
from .urns import urn_name, urn_type


@dataclass(frozen=True)
class PolicyConfig:
    """One entry of a pack's policy config: a level ("" when unset, as the engine allows) and schema properties."""

    enforcement_level: str = ""
    properties: dict[str, Any] | None = None


@dataclass(frozen=True)
class PolicyInfo:
    """One policy as ``GetAnalyzerInfo`` declared it; ``enforcement_level`` is the pack's own level, before config."""

    name: str
    description: str
    enforcement_level: EnforcementLevel
    severity: Severity = Severity.UNSPECIFIED
    policy_type: str = "unknown"  # "resource" | "stack" | "unknown" (older SDKs)
    config_schema: dict[str, Any] | None = None  # {"properties": {...}, "required": [...]}, enforcementLevel injected
    display_name: str = ""


@dataclass(frozen=True)
class PackInfo:
    """A started pack's identity. ``version`` is PulumiPolicy.yaml's when set (the SDK always answers "0.0.1")."""

    name: str
    version: str
    path: Path  # absolute pack directory
    display_path: str  # the path as the user gave it, abbreviated like the CLI's "(local: ...)" mark
    policies: tuple[PolicyInfo, ...]
    initial_config: dict[str, PolicyConfig] = field(default_factory=dict)
    supports_config: bool = True
    description: str = ""
    display_name: str = ""

    @property
    def label(self) -> str:
        """The CLI's pack key, ``name@vversion``."""
        return f"{self.name}@v{self.version}"

    def policy(self, name: str) -> PolicyInfo | None:
        return next((p for p in self.policies if p.name == name), None)


@dataclass(frozen=True)
class Diagnostic:
    """One policy violation, with the URN the engine attributes it to.

    ``full_message`` is the text as the pack sent it (the Python SDK sends ``description + "\\n" + message``); the
    engine displays and logs exactly that, so ``message`` is derived rather than stored.
    """

    policy_name: str
    pack_name: str
    pack_version: str
    enforcement_level: EnforcementLevel  # remediate is already reported as mandatory, as the engine does
    severity: Severity
    description: str
    full_message: str
    urn: str
    stack_policy: bool = False

    @property
    def message(self) -> str:
        """The violation's own text, without the leading description line."""
        if self.full_message == self.description:
            return ""
        prefix = self.description + "\n"
        return self.full_message[len(prefix) :] if self.full_message.startswith(prefix) else self.full_message

    @property
    def resource_type(self) -> str:
        return urn_type(self.urn)

    @property
    def resource_name(self) -> str:
        return urn_name(self.urn)

    @property
    def is_mandatory(self) -> bool:
        return counts_as_mandatory(self.enforcement_level)


@dataclass(frozen=True)
class Remediation:
    """A policy rewrote a resource's inputs before it was created (the engine's PolicyRemediationEvent)."""

    policy_name: str
    pack_name: str
    pack_version: str
    urn: str
    before: dict[str, Any]  # the inputs on the wire (JSON form), before and after this remediation
    after: dict[str, Any]


@dataclass(frozen=True)
class PolicySummary:
    """The engine's policyAnalyzeSummaryEvent / policyAnalyzeStackSummaryEvent (``urn`` is "" for the stack)."""

    pack_name: str
    pack_version: str
    urn: str
    passed: tuple[str, ...]
    failed: tuple[str, ...]
    not_applicable: tuple[str, ...] = ()


@dataclass(frozen=True)
class PackTimings:
    start_s: float  # spawn until the pack printed its port (dominated by importing pulumi in the child)
    handshake_info_s: float  # Handshake + ConfigureStack + GetAnalyzerInfo
    configure_s: float
    analyze_s: float  # all Analyze calls
    analyze_calls: int
    analyze_stack_s: float


@dataclass(frozen=True)
class Timings:
    """Wall-clock timings of one run, for the benchmark. Packs run concurrently, so per-pack numbers overlap."""

    pack_start_s: float  # slowest pack from spawn to port: the child's `import pulumi` plus gRPC server start
    start_s: float  # from entering the session until every pack is up and described (includes caller's idle time)
    configure_s: float
    analyze_s: float  # Analyze + AnalyzeStack for all packs (wall)
    total_s: float
    analyze_calls: int
    analyze_mean_ms: float  # mean duration of one Analyze RPC across packs
    per_pack: dict[str, PackTimings] = field(default_factory=dict)


@dataclass(frozen=True)
class PackResult:
    info: PackInfo
    config: dict[str, PolicyConfig]  # the reconciled config sent in Configure
    diagnostics: tuple[Diagnostic, ...]
    resource_summaries: tuple[PolicySummary, ...]
    stack_summary: PolicySummary | None
    logs: tuple[str, ...] = ()  # what the pack wrote to stderr/stdout or sent through Engine.Log
    remediations: tuple[Remediation, ...] = ()  # in the order the engine applied them

    def effective_level(self, policy: str) -> str:
        entry = self.config.get(policy)
        return entry.enforcement_level if entry else ""


@dataclass(frozen=True)
class PolicyAnalysis:
    """Everything one policy run produced; the CLI renders it and maps it to exit code 0 or 1."""

    stack_urn: str
    packs: tuple[PackResult, ...]
    timings: Timings
    engine_log: tuple[str, ...] = ()  # messages packs sent through the Engine service's Log

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        return tuple(d for pack in self.packs for d in pack.diagnostics)

    @property
    def has_mandatory_violations(self) -> bool:
        return any(d.is_mandatory for d in self.diagnostics)

    @property
    def exit_code(self) -> int:
        return 1 if self.has_mandatory_violations else 0
