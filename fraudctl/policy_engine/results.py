"""Turning Analyze/AnalyzeStack responses into diagnostics and pass/fail summaries, as the engine does.

Diagnostics (step_generator.go, ``AnalyzeResources``): a resource diagnostic is always attributed to the analyzed
resource's URN; a stack diagnostic keeps its URN only if it names a resource of the deployment, else it goes to the root
stack URN. ``remediate`` is reported as ``mandatory``. Summaries (pkg/resource/analyzer/summary.go
``newPolicySummary``): failed = policies with a diagnostic; passed = the pack's policies of that type (or of unknown
type), minus those configured ``disabled``, minus not-applicable ones, minus failed; both sorted.
"""

from __future__ import annotations

from collections.abc import Mapping

from pulumi.runtime.proto import analyzer_pb2

from .levels import EnforcementLevel, Severity, level_from_proto, severity_from_proto
from .model import Diagnostic, PackInfo, PolicyConfig, PolicySummary


def to_diagnostics(
    pack: PackInfo,
    response: analyzer_pb2.AnalyzeResponse,
    *,
    resource_urn: str | None = None,
    known_urns: frozenset[str] = frozenset(),
    stack_urn: str = "",
) -> list[Diagnostic]:
    """Convert a response; pass ``resource_urn`` for Analyze, ``known_urns``/``stack_urn`` for AnalyzeStack."""
    result = []
    for d in response.diagnostics:
        level = level_from_proto(d.enforcementLevel)
        if level == EnforcementLevel.REMEDIATE:
            level = EnforcementLevel.MANDATORY
        severity = severity_from_proto(d.severity)
        if severity == Severity.UNSPECIFIED:
            policy = pack.policy(d.policyName)
            severity = policy.severity if policy else Severity.UNSPECIFIED
        if resource_urn is not None:
            urn = resource_urn
        else:
            urn = d.urn if d.urn in known_urns else stack_urn
        result.append(
            Diagnostic(
                policy_name=d.policyName,
                pack_name=d.policyPackName or pack.name,
                pack_version=pack.version,
                enforcement_level=level,
                severity=severity,
                description=d.description,
                full_message=d.message,
                urn=urn,
                stack_policy=resource_urn is None,
            )
        )
    return result


def summarize(
    pack: PackInfo,
    config: Mapping[str, PolicyConfig],
    response: analyzer_pb2.AnalyzeResponse,
    *,
    policy_type: str,
    urn: str = "",
) -> PolicySummary:
    failed = {d.policyName for d in response.diagnostics}
    not_applicable = {n.policy_name for n in response.not_applicable}
    passed = set()
    for policy in pack.policies:
        if policy.policy_type not in (policy_type, "unknown"):
            continue
        # The engine updates its cached policy levels from Configure, so "disabled" means the configured level.
        entry = config.get(policy.name)
        level = entry.enforcement_level if entry else policy.enforcement_level
        if level == EnforcementLevel.DISABLED or policy.name in failed or policy.name in not_applicable:
            continue
        passed.add(policy.name)
    return PolicySummary(
        pack_name=pack.name,
        pack_version=pack.version,
        urn=urn,
        passed=tuple(sorted(passed)),
        failed=tuple(sorted(failed)),
        not_applicable=tuple(sorted(not_applicable)),
    )
