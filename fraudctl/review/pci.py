"""PCI DSS v4.0.1 through Security Hub's mapping: every policy, through the controls it names, to the requirements
Security Hub lists for them; per requirement, whether this stack evidences it (the controls' policies pass here),
does not (they fail, or the control is excepted) or cannot (account-level, not checkable before deploy).

Every list, title and principal requirement comes from the catalogue (controls.json, from catalogue.yaml); nothing
about PCI DSS is written here.
"""

from __future__ import annotations

from .catalogue import Catalogue, CataloguedControl
from .coverage import LABELS
from .model import PolicyReview
from .model_pci import (
    BEYOND,
    EVIDENCED,
    NOT_EVIDENCED,
    PARTLY,
    PciControl,
    PciMapping,
    PciPrincipal,
    PciRequirement,
    PolicyRequirements,
)

FRAMEWORK = "PCI DSS v4.0.1"
CHECKED = ("exact", "partial")


def pci_mapping(catalogue: Catalogue, policies: tuple[PolicyReview, ...], stack: str) -> PciMapping | None:
    spec = catalogue.frameworks.get(FRAMEWORK)
    if spec is None:
        return None  # a catalogue without the framework (an older pack): the review says so
    outcome = {p.name: "warn" if p.status == "fail" and p.level == "advisory" else p.status for p in policies}
    controls = {c.control: c for c in catalogue.controls}
    mapped: dict[str, list[PciControl]] = {}
    for control in catalogue.controls:
        for requirement in control.related.get(FRAMEWORK, ()):
            mapped.setdefault(requirement, []).append(_control(control, stack, outcome))
    requirements = tuple(
        PciRequirement(
            requirement=requirement,
            title=str(spec["requirements"].get(requirement, "")),
            principal=requirement.split(".", 1)[0],
            evidence=_overall([c.evidence for c in found]),
            controls=tuple(sorted(found, key=lambda c: c.control)),
        )
        for requirement, found in sorted(mapped.items(), key=lambda item: _numeric(item[0]))
    )
    principals = tuple(
        PciPrincipal(
            number=str(p["number"]),
            title=str(p["title"]),
            can_show=str(p["canShow"]),
            cannot_show=str(p["cannotShow"]),
            requirements=tuple((r.requirement, r.evidence) for r in requirements if r.principal == str(p["number"])),
        )
        for p in spec.get("principal", [])
    )
    return PciMapping(
        framework=FRAMEWORK,
        title=str(spec.get("title", "")),
        reference=str(spec.get("reference", "")),
        read=str(spec.get("read", "")),
        mapping=str(spec.get("mapping", "")),
        caveat=str(spec.get("caveat", "")),
        requirements=requirements,
        principals=principals,
        policies=tuple(_policies(catalogue, policies, controls, outcome)),
    )


def _control(control: CataloguedControl, stack: str, outcome: dict[str, str]) -> PciControl:
    status = control.status_in(stack)
    results = {outcome.get(name, "") for name in control.policies}
    result = next((r for r in ("fail", "warn") if r in results), "pass" if results == {"pass"} else "")
    deviation = next((d for d in control.deviations if d.applies_to(stack)), None)
    if status in CHECKED:
        evidence = (EVIDENCED if status == "exact" else PARTLY) if result == "pass" else NOT_EVIDENCED
        reason = "" if result == "pass" else f"its policies {result or 'did not run'} here"
        if status == "partial" and result == "pass":
            reason = f"the pack checks part of it: {control.gap}"
    elif status in ("exception", "open"):
        scoped = deviation is not None and deviation.scope and result == "pass"  # met except where the scope says
        evidence = PARTLY if scoped else NOT_EVIDENCED
        why = deviation.reason if deviation is not None else control.reason
        reason = f"except {deviation.scope}: {why}" if scoped and deviation is not None else why
    else:
        evidence, reason = BEYOND, control.reason
    return PciControl(
        control=control.control,
        title=control.title,
        in_stack=LABELS.get(status, status),
        policies=control.policies,
        result=result,
        evidence=evidence,
        reason=reason,
    )


def _overall(evidence: list[str]) -> str:
    """A requirement is evidenced when every control the stack can show passes, not evidenced when none does."""
    within = [e for e in evidence if e != BEYOND]
    if not within:
        return BEYOND
    if all(e == EVIDENCED for e in within):
        return EVIDENCED
    return NOT_EVIDENCED if all(e == NOT_EVIDENCED for e in within) else PARTLY


def _policies(
    catalogue: Catalogue,
    policies: tuple[PolicyReview, ...],
    controls: dict[str, CataloguedControl],
    outcome: dict[str, str],
) -> list[PolicyRequirements]:
    found = []
    for review in policies:
        entry = catalogue.policy(review.name)
        named = tuple(dict.fromkeys((*entry.fsbp, *entry.controls)))
        requirements = {r for c in named if c in controls for r in controls[c].related.get(FRAMEWORK, ())}
        found.append(
            PolicyRequirements(
                policy=review.name,
                controls=named,
                requirements=tuple(sorted(requirements, key=_numeric)),
                result=outcome.get(review.name, ""),
            )
        )
    return found


def _numeric(requirement: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else 0 for part in requirement.split("."))
