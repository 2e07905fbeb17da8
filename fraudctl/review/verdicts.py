"""What the policy packs said, whichever source it came from: the offline engine run or a preview's event log."""

from __future__ import annotations

from dataclasses import dataclass

from fraudctl.policy_engine import PolicyAnalysis


@dataclass(frozen=True)
class Violation:
    pack: str
    policy: str
    level: str  # "mandatory" | "advisory" (remediate is reported as mandatory, as the engine does)
    severity: str  # "critical" | "high" | "medium" | "low" | ""
    description: str
    message: str  # the violation's own text, without the description line
    urn: str


@dataclass(frozen=True)
class DeclaredPolicy:
    """A policy as the pack declared it, with the level its config gave it (offline runs only)."""

    name: str
    description: str
    level: str
    severity: str
    kind: str  # "resource" | "stack" | "unknown"


@dataclass(frozen=True)
class PackVerdicts:
    name: str
    version: str
    declared: tuple[DeclaredPolicy, ...]  # empty when the source is an event log (it only names policies)
    evaluated: frozenset[str]  # policies that ran: named as passed or failed in some summary
    violations: tuple[Violation, ...]
    analyzed: frozenset[str]  # resource URNs the pack analyzed

    @property
    def label(self) -> str:
        return f"{self.name}@v{self.version}"


@dataclass(frozen=True)
class PolicyVerdicts:
    project: str
    stack: str
    packs: tuple[PackVerdicts, ...]

    @property
    def violations(self) -> tuple[Violation, ...]:
        return tuple(v for pack in self.packs for v in pack.violations)


def from_analysis(analysis: PolicyAnalysis, project: str, stack: str) -> PolicyVerdicts:
    packs = []
    for pack in analysis.packs:
        summaries = [*pack.resource_summaries, *([pack.stack_summary] if pack.stack_summary else [])]
        declared = tuple(
            DeclaredPolicy(
                name=p.name,
                description=p.description,
                # The reconciled config decides the level; an empty entry keeps the pack's own.
                level=str(pack.effective_level(p.name) or p.enforcement_level),
                severity=str(p.severity),
                kind=p.policy_type,
            )
            for p in pack.info.policies
        )
        violations = tuple(
            Violation(
                pack=d.pack_name,
                policy=d.policy_name,
                level=str(d.enforcement_level),
                severity=str(d.severity),
                description=d.description,
                message=d.message.strip(),
                urn=d.urn,
            )
            for d in pack.diagnostics
        )
        packs.append(
            PackVerdicts(
                name=pack.info.name,
                version=pack.info.version,
                declared=declared,
                evaluated=frozenset(n for s in summaries for n in (*s.passed, *s.failed)),
                violations=violations,
                analyzed=frozenset(s.urn for s in pack.resource_summaries),
            )
        )
    return PolicyVerdicts(project=project, stack=stack, packs=tuple(packs))
