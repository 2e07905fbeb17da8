"""The independent checks as data: each outside tool's run and every failure it reported, classified."""

from __future__ import annotations

from dataclasses import dataclass

from .sources import SourceLocation

CLASSES = ("gap", "covered", "accepted exception")


@dataclass(frozen=True)
class OutsideFinding:
    tool: str  # "Checkov" | "parliament"
    check: str  # CKV_AWS_144, CKV2_AWS_62, RESOURCE_MISMATCH, ...
    title: str
    resource_urn: str
    resource_type: str
    resource_name: str
    detail: str  # what exactly failed: Checkov's resource address, the linter's actions
    classification: str  # one of CLASSES
    policies: tuple[str, ...]  # our policies that check the same (for "covered": the ones that fail here too)
    reason: str  # the exception's reason, or why it is a gap
    location: SourceLocation


@dataclass(frozen=True)
class ToolRun:
    tool: str
    version: str
    information_uri: str
    ran: bool
    command: str  # how to repeat the run by hand
    checked: str  # what it looked at, e.g. "85 resources of the Terraform plan export"
    passed: int
    failed: int
    notes: tuple[str, ...]
    titles: tuple[tuple[str, str], ...]  # (check, title) of every check that failed, for SARIF rules


@dataclass(frozen=True)
class IndependentChecks:
    runs: tuple[ToolRun, ...]
    findings: tuple[OutsideFinding, ...]

    def counts(self) -> dict[str, int]:
        return {name: sum(f.classification == name for f in self.findings) for name in CLASSES}
