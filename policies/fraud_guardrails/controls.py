"""The control catalogue (../catalogue.yaml) as data, checked on load, and the coverage figures counted from it.

The pack never imports this module: only the generator (catalog.py) and the tests do. Every figure the README,
controls.json and the security review show comes from `figures()`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fraud_guardrails.frameworks import (
    Framework,
    FrameworkError,
    RelatedRequirements,
    load_frameworks,
    related_requirements,
)

CATALOGUE_FILE = Path(__file__).resolve().parent.parent / "catalogue.yaml"

# Pack-level statuses, in report order. The first four count as applicable; the last two do not.
STATUSES = ("exact", "partial", "exception", "not-checkable-before-deploy", "account-level", "not-applicable")
APPLICABLE = STATUSES[:4]
CHECKED = ("exact", "partial")  # statuses that need policies
DEVIATION_KINDS = ("accepted", "open")
EVERY_STACK = "*"
CHECKOV_ID = re.compile(r"CKV2?_AWS_\d+")


class CatalogueError(ValueError):
    """The catalogue file is malformed or contradicts itself."""


@dataclass(frozen=True)
class Deviation:
    stacks: tuple[str, ...]
    kind: str  # "accepted" | "open"
    reason: str
    scope: str = ""  # "": the whole control; else the resources that deviate (a policy config exempts them)

    def applies_to(self, stack: str) -> bool:
        return EVERY_STACK in self.stacks or stack in self.stacks


@dataclass(frozen=True)
class Control:
    id: str
    title: str
    standards: tuple[str, ...]
    resource_types: tuple[str, ...]
    source: str
    config_rule: str
    status: str
    reason: str
    gap: str
    deviations: tuple[Deviation, ...]
    related_requirements: Mapping[str, RelatedRequirements]  # framework -> what Security Hub lists
    checkov: tuple[str, ...] = ()  # the Checkov checks that test what the control tests

    def deviation(self, stack: str) -> Deviation | None:
        return next((d for d in self.deviations if d.applies_to(stack)), None)

    def status_in(self, stack: str | None) -> str:
        """The status in one stack: a deviation turns a checked control into an accepted exception or open finding."""
        found = self.deviation(stack) if stack else None
        if found is None:
            return self.status
        return "exception" if found.kind == "accepted" else "open"


@dataclass(frozen=True)
class Catalogue:
    version: str
    reviewed: str
    standards: Mapping[str, Mapping[str, Any]]
    sources: Mapping[str, str]
    stacks: tuple[str, ...]
    controls: tuple[Control, ...]
    other_exceptions: tuple[Mapping[str, Any], ...]
    checkov_not_implemented: Mapping[str, str]
    frameworks: Mapping[str, Framework]
    retired: tuple[Mapping[str, str], ...]

    def control(self, control_id: str) -> Control:
        for control in self.controls:
            if control.id == control_id:
                return control
        raise KeyError(control_id)

    def of_standard(self, standard: str) -> list[Control]:
        return [control for control in self.controls if standard in control.standards]


def figures(controls: Iterable[Control], stack: str | None = None, *, enumerated: bool = True) -> dict[str, Any]:
    """Counts over the applicable controls, for the pack (stack None) or for one stack's deviations.

    Shares (percent) only where the catalogue enumerates every applicable control of the standard: for the others
    it lists some controls only, and a share of those would claim more than is known.
    """
    applicable = [control for control in controls if control.status in APPLICABLE]
    statuses = [control.status_in(stack) for control in applicable]
    counts = {
        "applicable": len(applicable),
        "exact": statuses.count("exact"),
        "partial": statuses.count("partial"),
        "excepted": statuses.count("exception"),
        "notCheckableBeforeDeploy": statuses.count("not-checkable-before-deploy"),
    }
    if stack is not None:
        counts["open"] = statuses.count("open")
    total = len(applicable) or 1
    counts["percentExact"] = round(100 * counts["exact"] / total, 1) if enumerated else None
    counts["percentChecked"] = round(100 * (counts["exact"] + counts["partial"]) / total, 1) if enumerated else None
    return counts


def load(path: Path = CATALOGUE_FILE) -> Catalogue:
    import yaml  # the generator's and the tests' dependency (pulumi depends on PyYAML); never the pack's

    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise CatalogueError(f"{path}: {error}") from None
    try:
        return _catalogue(document)
    except (CatalogueError, FrameworkError) as error:
        raise CatalogueError(f"{path}: {error}") from None
    except (KeyError, TypeError, AttributeError) as error:
        raise CatalogueError(f"{path}: malformed ({type(error).__name__}: {error})") from None


def _catalogue(document: Mapping[str, Any]) -> Catalogue:
    standards = dict(document["standards"])
    stacks = tuple(document["stacks"])
    frameworks = load_frameworks(document.get("frameworks"))
    controls = tuple(_control(entry, standards, stacks, frameworks) for entry in document["controls"])
    ids = [control.id for control in controls]
    duplicates = sorted({control_id for control_id in ids if ids.count(control_id) > 1})
    if duplicates:
        raise CatalogueError(f"controls listed twice: {duplicates}")
    retired = tuple(_retired(entry) for entry in document.get("retired") or ())
    still_listed = sorted({r["id"] for r in retired} & set(ids))
    if still_listed:
        raise CatalogueError(f"retired controls still listed as controls: {still_listed}")
    return Catalogue(
        version=str(document["version"]),
        reviewed=str(document["reviewed"]),
        standards=standards,
        sources=dict(document["sources"]),
        stacks=stacks,
        controls=controls,
        other_exceptions=tuple(_other_exception(entry) for entry in document.get("otherExceptions") or ()),
        checkov_not_implemented=dict(document.get("checkovNotImplemented") or {}),
        frameworks=frameworks,
        retired=retired,
    )


def _control(
    entry: Mapping[str, Any], standards: Mapping[str, Any], stacks: tuple[str, ...], frameworks: Mapping[str, Framework]
) -> Control:
    control_id = str(entry["id"])

    def fail(problem: str) -> CatalogueError:
        return CatalogueError(f"control {control_id}: {problem}")

    status = entry["status"]
    if status not in STATUSES:
        raise fail(f"status {status!r} is not one of {', '.join(STATUSES)}")
    unknown = [s for s in entry["standards"] if s not in standards]
    if not entry["standards"] or unknown:
        raise fail(f"standards {list(entry['standards'])} must be non-empty and among {sorted(standards)}")
    reason, gap = str(entry.get("reason") or "").strip(), str(entry.get("gap") or "").strip()
    if status not in CHECKED and not reason:
        raise fail(f"a {status} control needs a reason")
    if status == "partial" and not gap:
        raise fail("a partial control needs a gap (what its policies miss)")
    deviations = tuple(_deviation(item, stacks, fail) for item in entry.get("deviations") or ())
    if deviations and status not in CHECKED:
        raise fail("only a control the pack checks can deviate in a stack")
    try:
        related = related_requirements(entry.get("relatedRequirements"), str(entry["source"]), frameworks)
    except FrameworkError as error:
        raise fail(str(error)) from None
    checkov = tuple(str(check) for check in entry.get("checkov") or ())
    malformed = [check for check in checkov if not CHECKOV_ID.fullmatch(check)]
    if malformed:
        raise fail(f"checkov {malformed} are not Checkov AWS check IDs")
    return Control(
        id=control_id,
        title=str(entry["title"]),
        standards=tuple(entry["standards"]),
        resource_types=tuple(entry["resourceTypes"]),
        source=str(entry["source"]),
        config_rule=str(entry.get("configRule") or ""),
        status=status,
        reason=reason,
        gap=gap,
        deviations=deviations,
        related_requirements=related,
        checkov=checkov,
    )


def _deviation(item: Mapping[str, Any], stacks: tuple[str, ...], fail: Any) -> Deviation:
    named = tuple(item["stacks"])
    if not named or any(stack != EVERY_STACK and stack not in stacks for stack in named):
        raise fail(f"deviation stacks {list(named)} must be '*' or among {list(stacks)}")
    if item["kind"] not in DEVIATION_KINDS:
        raise fail(f"deviation kind {item['kind']!r} is not one of {', '.join(DEVIATION_KINDS)}")
    if not str(item.get("reason") or "").strip():
        raise fail("a deviation needs a reason")
    return Deviation(named, item["kind"], str(item["reason"]).strip(), str(item.get("scope") or ""))


def _retired(entry: Mapping[str, Any]) -> dict[str, str]:
    found = {key: str(entry.get(key) or "").strip() for key in ("id", "title", "retired", "source", "note")}
    if not all(found.values()):
        raise CatalogueError(f"retired control {found['id'] or '?'}: id, title, retired, source and note are required")
    return found


def _other_exception(entry: Mapping[str, Any]) -> dict[str, Any]:
    check, reason = str(entry.get("check") or "").strip(), str(entry.get("reason") or "").strip()
    if not check or not reason:
        raise CatalogueError(f"other exception {check or '?'}: a check and a reason are required")
    ids, types = entry.get("ids") or [], entry.get("resourceTypes") or []
    if not isinstance(ids, list) or not isinstance(types, list):
        raise CatalogueError(f"other exception {check}: ids and resourceTypes are lists")
    return {"check": check, "reason": reason, "ids": [str(i) for i in ids], "resourceTypes": [str(t) for t in types]}
