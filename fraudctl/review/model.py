"""The security review as data: frozen, sorted, free of raw property values (so no secret can leak into a report).

Gathering (``build``) fills it from a ``StackState`` and ``PolicyVerdicts``; every renderer reads only this.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model_independent import IndependentChecks
from .model_pci import PciMapping
from .model_sections import Acceptance, DataStore, Exposure, IamRole, InventoryItem, Monitoring
from .sources import SourceLocation

SEVERITIES = ("critical", "high", "medium", "low", "")
LEVELS = ("mandatory", "advisory")
SCHEMA_VERSION = 1


@dataclass(frozen=True)
class ReviewSource:
    mode: str  # "offline preview" | "event log and stack export"
    project: str
    stack: str
    region: str
    packs: tuple[str, ...]  # name@vversion
    files: tuple[str, ...]  # the input files, as given
    notes: tuple[str, ...]


@dataclass(frozen=True)
class Finding:
    policy: str
    pack: str
    level: str
    severity: str
    description: str
    message: str
    resource_urn: str
    resource_type: str
    resource_name: str
    location: SourceLocation


@dataclass(frozen=True)
class PolicyReview:
    name: str
    pack: str
    description: str
    kind: str
    level: str
    severity: str
    origin: str
    service: str
    remediation: str
    fsbp: tuple[str, ...]
    checkov: tuple[str, ...]
    config: tuple[tuple[str, str], ...]  # (key, JSON value), sorted
    status: str  # "pass" | "fail" | "disabled" | "not evaluated"
    covered: tuple[str, ...]  # logical names of the resources it looks at
    findings: int


@dataclass(frozen=True)
class Summary:
    verdict: str  # "FAIL" | "PASS WITH ADVISORIES" | "PASS"
    findings_by_severity: tuple[tuple[str, int, int], ...]  # (severity, mandatory, advisory)
    findings_by_level: tuple[tuple[str, int], ...]
    policies_by_level: tuple[tuple[str, int, int, int], ...]  # (level, total, passed, failed)
    policies_total: int
    policies_failed: int
    resources: int
    aws_resources: int


@dataclass(frozen=True)
class ControlRow:
    framework: str  # "FSBP" | another standard's key (its standards, comma-separated) | "Checkov"
    control: str
    title: str
    # The pack: "exact" | "partial" | "accepted exception" | "not checkable before deploy" | "account-level" |
    # "not applicable"; Checkov checks: "exact" | "not implemented"
    status: str
    in_stack: str  # the status in the reviewed stack: the pack's, or "accepted exception" / "open finding"
    policies: tuple[str, ...]
    result: str  # "pass" | "fail" | "warn" (only advisory policies fail) | "" (the covering policies' outcome here)
    reason: str


@dataclass(frozen=True)
class ExceptionRow:
    control: str
    reason: str
    observed: tuple[str, ...]  # what the stack actually has, so the exception is checked, not just stated


@dataclass(frozen=True)
class CoverageFigures:
    """Counts over one standard's applicable controls, for the pack or for the reviewed stack."""

    standard: str
    scope: str  # "pack" | "stack <name>"
    enumerated: bool  # the catalogue lists every applicable control of the standard (else: no share is claimed)
    applicable: int
    exact: int
    partial: int
    excepted: int
    open: int
    not_checkable: int
    percent_exact: float | None


@dataclass(frozen=True)
class Coverage:
    fsbp: tuple[ControlRow, ...]
    other: tuple[ControlRow, ...]  # controls of other standards (CIS, NIST 800-53, PCI DSS)
    checkov: tuple[ControlRow, ...]
    exceptions: tuple[ExceptionRow, ...]
    figures: tuple[CoverageFigures, ...]
    catalogue_version: str


@dataclass(frozen=True)
class ReviewModel:
    schema_version: int
    generated_at: str
    source: ReviewSource
    summary: Summary
    findings: tuple[Finding, ...]
    policies: tuple[PolicyReview, ...]
    coverage: Coverage
    iam: tuple[IamRole, ...]
    data_protection: tuple[DataStore, ...]
    exposure: Exposure
    monitoring: Monitoring
    inventory: tuple[InventoryItem, ...]
    acceptance: Acceptance | None
    # Checkov and the IAM linter, classified against the pack; None when the review was asked not to run them.
    independent: IndependentChecks | None = None
    # PCI DSS v4.0.1 through Security Hub's mapping of the catalogued controls; None when the catalogue has none.
    pci: PciMapping | None = None
