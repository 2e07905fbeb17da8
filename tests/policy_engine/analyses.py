"""Hand-built PolicyAnalysis objects for rendering and event-log tests (no processes needed)."""

from __future__ import annotations

from pathlib import Path

from fraudctl.policy_engine import (
    Diagnostic,
    EnforcementLevel,
    PackInfo,
    PackResult,
    PolicyAnalysis,
    PolicyInfo,
    PolicySummary,
    Severity,
    Timings,
)

from .programs import LONG_BUCKET, SHORT_BUCKET, STACK_URN


def info(name: str, version: str, path: str, *policies: str) -> PackInfo:
    return PackInfo(
        name,
        version,
        Path("/abs") / path,
        path,
        tuple(PolicyInfo(p, f"{p} description", EnforcementLevel.MANDATORY, policy_type="resource") for p in policies),
    )


def diagnostic(
    pack: PackInfo, policy: str, level: str, urn: str, message: str, severity: str = "", stack: bool = False
) -> Diagnostic:
    description = f"{policy} description"
    return Diagnostic(
        policy,
        pack.name,
        pack.version,
        EnforcementLevel(level),
        Severity(severity),
        description,
        f"{description}\n{message}" if message else description,
        urn,
        stack_policy=stack,
    )


def summary(pack: PackInfo, urn: str, passed=(), failed=()) -> PolicySummary:
    return PolicySummary(pack.name, pack.version, urn, tuple(passed), tuple(failed))


def sample_analysis() -> PolicyAnalysis:
    strict = info("strict", "1.0.0", "policies/strict", "a-rule", "b-rule")
    clean = info("clean", "0.2.0", "policies/clean", "c-rule")
    warn = info("warn", "0.1.0", "policies/warn", "w-rule")
    strict_result = PackResult(
        info=strict,
        config={},
        diagnostics=(
            diagnostic(
                strict,
                "b-rule",
                "mandatory",
                LONG_BUCKET,
                "Line one <b> & more.\nLine two [bold]x[/bold]",
                severity="high",
            ),
            diagnostic(strict, "a-rule", "mandatory", SHORT_BUCKET, "Too short."),
            diagnostic(strict, "a-rule", "advisory", LONG_BUCKET, ""),
            diagnostic(strict, "a-rule", "mandatory", STACK_URN, "Stack-wide.", stack=True),
        ),
        resource_summaries=(
            summary(strict, STACK_URN, passed=("a-rule", "b-rule")),
            summary(strict, LONG_BUCKET, failed=("a-rule", "b-rule")),
            summary(strict, SHORT_BUCKET, passed=("b-rule",), failed=("a-rule",)),
        ),
        stack_summary=PolicySummary(strict.name, strict.version, "", (), ("a-rule",)),
    )
    clean_result = PackResult(
        info=clean,
        config={},
        diagnostics=(),
        resource_summaries=tuple(summary(clean, u) for u in (STACK_URN, LONG_BUCKET, SHORT_BUCKET)),
        stack_summary=PolicySummary(clean.name, clean.version, "", (), ()),
    )
    warn_result = PackResult(
        info=warn,
        config={},
        diagnostics=(diagnostic(warn, "w-rule", "advisory", SHORT_BUCKET, "Just a warning."),),
        resource_summaries=(
            summary(warn, STACK_URN, passed=("w-rule",)),
            summary(warn, LONG_BUCKET, passed=("w-rule",)),
            summary(warn, SHORT_BUCKET, failed=("w-rule",)),
        ),
        stack_summary=None,
    )
    timings = Timings(0.3, 0.3, 0.001, 0.05, 0.4, 9, 1.0)
    return PolicyAnalysis(STACK_URN, (strict_result, clean_result, warn_result), timings)
