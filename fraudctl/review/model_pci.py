"""PCI DSS v4.0.1 as data: which requirements this stack evidences through Security Hub's mapping, which it does not,
and what lies beyond a cloud configuration's reach."""

from __future__ import annotations

from dataclasses import dataclass

# How far the stack evidences a requirement (or a control toward it), in report order.
EVIDENCED, PARTLY, NOT_EVIDENCED, BEYOND = ("evidenced", "partly evidenced", "not evidenced", "beyond the stack")
EVIDENCE = (EVIDENCED, PARTLY, NOT_EVIDENCED, BEYOND)


@dataclass(frozen=True)
class PciControl:
    control: str
    title: str
    in_stack: str  # its status in the stack: "exact", "accepted exception", "open finding", "account-level", ...
    policies: tuple[str, ...]
    result: str  # its policies' outcome here: "pass" | "fail" | "warn" | ""
    evidence: str  # one of EVIDENCE
    reason: str  # why not (fully) evidenced: the exception's reason, the failure, what lies beyond the stack


@dataclass(frozen=True)
class PciRequirement:
    requirement: str  # "1.3.1"
    title: str  # abridged from the standard
    principal: str  # "1"
    evidence: str  # one of EVIDENCE, from its controls
    controls: tuple[PciControl, ...]


@dataclass(frozen=True)
class PciPrincipal:
    number: str
    title: str
    can_show: str  # what a stack's configuration can show for it
    cannot_show: str  # what it cannot: processes, people, systems outside the stack
    requirements: tuple[tuple[str, str], ...]  # (requirement, evidence) of the mapped requirements under it


@dataclass(frozen=True)
class PolicyRequirements:
    policy: str
    controls: tuple[str, ...]  # the Security Hub controls it names
    requirements: tuple[str, ...]  # the framework's requirements Security Hub lists for those controls
    result: str  # the policy's outcome here


@dataclass(frozen=True)
class PciMapping:
    framework: str  # "PCI DSS v4.0.1"
    title: str
    reference: str
    read: str  # when the catalogue's lists were read
    mapping: str  # how
    caveat: str  # partial evidence, not an assessment
    requirements: tuple[PciRequirement, ...]
    principals: tuple[PciPrincipal, ...]
    policies: tuple[PolicyRequirements, ...]  # every policy of the pack, mapped or not

    def counts(self) -> dict[str, int]:
        return {name: sum(r.evidence == name for r in self.requirements) for name in EVIDENCE}

    def tag(self) -> str:
        """The SARIF tag prefix: "pci-dss-v4.0.1"."""
        return "-".join(self.framework.lower().split())
