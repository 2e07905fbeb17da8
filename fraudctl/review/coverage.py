"""Control coverage: every catalogued control with its status in the pack and in this stack, the Checkov checks,
the accepted exceptions with what the stack shows for each, and the figures counted from those rows."""

from __future__ import annotations

import re

from .catalogue import Catalogue, CataloguedControl
from .coverage_evidence import observe
from .model import ControlRow, Coverage, CoverageFigures, ExceptionRow, PolicyReview
from .state import StackState

LABELS = {
    "exact": "exact",
    "partial": "partial",
    "exception": "accepted exception",
    "open": "open finding",
    "not-checkable-before-deploy": "not checkable before deploy",
    "account-level": "account-level",
    "not-applicable": "not applicable",
}
APPLICABLE = ("exact", "partial", "exception", "not-checkable-before-deploy")
FSBP = "FSBP"


def coverage(catalogue: Catalogue, policies: tuple[PolicyReview, ...], state: StackState) -> Coverage:
    # An advisory policy that fails does not block a deployment: say so rather than "fail".
    status = {p.name: "warn" if p.status == "fail" and p.level == "advisory" else p.status for p in policies}
    rows = [(control, _row(control, state.stack, status)) for control in catalogue.controls]
    by_check: dict[str, list[str]] = {}
    for policy in catalogue.policies.values():
        for check in policy.checkov:
            by_check.setdefault(check, []).append(policy.name)
    checkov = [
        ControlRow("Checkov", check, "", "exact", "exact", tuple(sorted(names)), _result(names, status), "")
        for check, names in by_check.items()
    ]
    checkov += [
        ControlRow("Checkov", check, "", "not implemented", "not implemented", (), "", reason)
        for check, reason in catalogue.checkov_not_implemented.items()
    ]
    listed = {row.control for row in checkov}
    checkov += [
        ControlRow("Checkov", check, "", "accepted exception", "accepted exception", (), "", reason)
        for check, reason in _excepted_checks(catalogue, state.stack).items()
        if check not in listed
    ]
    return Coverage(
        fsbp=tuple(row for control, row in rows if FSBP in control.standards),
        other=tuple(row for control, row in rows if FSBP not in control.standards),
        checkov=tuple(sorted(checkov, key=lambda row: _natural(row.control))),
        exceptions=tuple(_exceptions(catalogue, state)),
        figures=tuple(_figures(catalogue, state.stack)),
        catalogue_version=catalogue.catalogue_version,
    )


def _row(control: CataloguedControl, stack: str, status: dict[str, str]) -> ControlRow:
    reason = _reason(control, stack) or control.gap
    return ControlRow(
        framework=", ".join(control.standards),
        control=control.control,
        title=control.title,
        status=LABELS.get(control.status, control.status),
        in_stack=LABELS.get(control.status_in(stack), control.status_in(stack)),
        policies=control.policies,
        result=_result(control.policies, status),
        reason=reason,
    )


def _excepted_checks(catalogue: Catalogue, stack: str) -> dict[str, str]:
    """Checkov checks no policy answers for because the catalogue excepts them: a control's equivalents, when the
    control is excepted (in this stack), and the IDs of the other exceptions."""
    found = {}
    for control in catalogue.controls:
        if control.status_in(stack) == "exception":
            for check in control.checkov:
                found.setdefault(check, f"{control.control}: {_reason(control, stack)}")
    for other in catalogue.other_exceptions:
        for check in other.ids:
            if check.startswith("CKV"):
                found.setdefault(check, f"{other.check}: {other.reason}")
    return found


def _reason(control: CataloguedControl, stack: str) -> str:
    deviation = next((d for d in control.deviations if d.applies_to(stack)), None)
    if deviation is None:
        return control.reason
    return deviation.reason if not deviation.scope else f"{deviation.scope}: {deviation.reason}"


def _figures(catalogue: Catalogue, stack: str) -> list[CoverageFigures]:
    """Per standard, the pack's figures and this stack's, counted from the catalogued controls."""
    figures = []
    for standard, spec in catalogue.standards.items():
        listed = [c for c in catalogue.controls if standard in c.standards and c.status in APPLICABLE]
        enumerated = bool(spec.get("enumerated"))
        for scope, statuses in (
            ("pack", [c.status for c in listed]),
            (f"stack {stack}", [c.status_in(stack) for c in listed]),
        ):
            exact = statuses.count("exact")
            figures.append(
                CoverageFigures(
                    standard=standard,
                    scope=scope,
                    enumerated=enumerated,
                    applicable=len(statuses),
                    exact=exact,
                    partial=statuses.count("partial"),
                    excepted=statuses.count("exception"),
                    open=statuses.count("open"),
                    not_checkable=statuses.count("not-checkable-before-deploy"),
                    percent_exact=round(100 * exact / len(statuses), 1) if enumerated and statuses else None,
                )
            )
    return figures


def _exceptions(catalogue: Catalogue, state: StackState) -> list[ExceptionRow]:
    """One row per reason: controls sharing a decision (the interface endpoints) are listed together."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for control in catalogue.controls:
        label = f"{', '.join(control.standards)} {control.control}"
        label += f" (Checkov {', '.join(control.checkov)})" if control.checkov else ""
        if control.status == "exception":
            grouped.setdefault(("", control.reason), []).append(label)
        for deviation in control.deviations:
            if deviation.applies_to(state.stack):
                kind = "open finding" if deviation.kind == "open" else "accepted"
                scope = f", {deviation.scope}" if deviation.scope else ""
                grouped.setdefault((f" ({kind}{scope})", deviation.reason), []).append(label)
    rows = [
        ExceptionRow(", ".join(labels) + suffix, reason, observe(" ".join(labels), state))
        for (suffix, reason), labels in grouped.items()
    ]
    rows += [ExceptionRow(e.check, e.reason, observe(e.check, state)) for e in catalogue.other_exceptions]
    return rows


def _result(names: list[str] | tuple[str, ...], status: dict[str, str]) -> str:
    outcomes = {status.get(name, "") for name in names}
    for worst in ("fail", "warn"):
        if worst in outcomes:
            return worst
    return "pass" if outcomes == {"pass"} else ""


def _natural(control: str) -> tuple:
    # CKV_AWS_7 before CKV_AWS_18, and Checkov's CKV_* before its graph checks CKV2_*.
    return (control.startswith("CKV2"), *(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", control)))
