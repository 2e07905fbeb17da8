"""The pack's machine-readable catalogue (``<pack>/controls.json``): what each policy checks and why.

The engine only tells the review a policy's name, level and severity; the catalogue adds the service, origin,
remediation, control and Checkov IDs, the resource types a policy looks at, and every catalogued control with its
standards, its status, the stacks that deviate from it and why. Without the file the review still works, with those
columns empty.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from fraudctl.program.taggable import taggable_types

from .errors import ReviewInputError

CONTROLS_FILE = "controls.json"
TAGGABLE_FILE = "taggable_types.json"


@dataclass(frozen=True)
class CataloguedPolicy:
    name: str
    service: str = ""
    kind: str = ""
    level: str = ""
    severity: str = ""
    origin: str = ""
    description: str = ""
    remediation: str = ""
    fsbp: tuple[str, ...] = ()
    controls: tuple[str, ...] = ()  # Security Hub controls of other standards (CIS, NIST 800-53, PCI DSS)
    checkov: tuple[str, ...] = ()
    resource_types: tuple[str, ...] | None = None  # None: the policy picks its resources itself
    config: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Deviation:
    stacks: tuple[str, ...]  # "*": every stack
    kind: str  # "accepted" | "open"
    reason: str
    scope: str = ""

    def applies_to(self, stack: str) -> bool:
        return "*" in self.stacks or stack in self.stacks


@dataclass(frozen=True)
class CataloguedControl:
    control: str
    title: str
    standards: tuple[str, ...]
    status: str  # exact | partial | exception | not-checkable-before-deploy | account-level | not-applicable
    policies: tuple[str, ...]
    reason: str
    gap: str = ""
    source: str = ""
    deviations: tuple[Deviation, ...] = ()
    checkov: tuple[str, ...] = ()  # the Checkov checks that test what the control tests
    # framework ("PCI DSS v4.0.1") -> the requirements Security Hub lists for the control (() : none)
    related: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def status_in(self, stack: str) -> str:
        """The status in one stack: a deviation makes a checked control an accepted exception or an open finding."""
        for deviation in self.deviations:
            if deviation.applies_to(stack):
                return "exception" if deviation.kind == "accepted" else "open"
        return self.status


@dataclass(frozen=True)
class OtherException:
    check: str
    reason: str
    ids: tuple[str, ...] = ()  # the outside tools' check IDs it covers
    resource_types: tuple[str, ...] = ()  # only on these Pulumi types; (): on any resource


@dataclass(frozen=True)
class Catalogue:
    path: str = ""  # "" when the pack has no controls.json
    pack: str = ""
    version: str = ""
    catalogue_version: str = ""
    policies: dict[str, CataloguedPolicy] = field(default_factory=dict)
    standards: dict[str, dict[str, Any]] = field(default_factory=dict)  # name -> title, reference, enumerated
    controls: tuple[CataloguedControl, ...] = ()
    coverage: dict[str, Any] = field(default_factory=dict)  # standard -> {pack: figures, stacks: {stack: figures}}
    other_exceptions: tuple[OtherException, ...] = ()
    checkov_not_implemented: dict[str, str] = field(default_factory=dict)
    taggable_types: frozenset[str] = frozenset()
    frameworks: dict[str, dict[str, Any]] = field(default_factory=dict)  # as controls.json has them (PCI DSS)

    def policy(self, name: str) -> CataloguedPolicy:
        return self.policies.get(name) or CataloguedPolicy(name=name)


def load_catalogue(pack_dir: Path) -> Catalogue:
    path = pack_dir / CONTROLS_FILE
    taggable = _taggable_types(pack_dir / TAGGABLE_FILE)
    if not path.exists():
        return Catalogue(taggable_types=taggable)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        return replace(_catalogue(path, document), taggable_types=taggable)
    except json.JSONDecodeError as err:
        raise ReviewInputError(f"{path}: not valid JSON (line {err.lineno}: {err.msg})") from None
    except (KeyError, TypeError, AttributeError) as err:
        raise ReviewInputError(f"{path}: not a policy catalogue ({type(err).__name__}: {err})") from None


def _catalogue(path: Path, document: dict[str, Any]) -> Catalogue:
    policies = {}
    for entry in document["policies"]:
        types = entry.get("resourceTypes")
        policies[entry["name"]] = CataloguedPolicy(
            name=entry["name"],
            service=entry.get("service", ""),
            kind=entry.get("kind", ""),
            level=entry.get("enforcementLevel", ""),
            severity=entry.get("severity", ""),
            origin=entry.get("origin", ""),
            description=entry.get("description", ""),
            remediation=entry.get("remediation", ""),
            fsbp=tuple(entry.get("fsbp") or ()),
            controls=tuple(entry.get("controls") or ()),
            checkov=tuple(entry.get("checkov") or ()),
            resource_types=None if types is None else tuple(types),
            config=dict(entry.get("config") or {}),
        )
    catalogued = tuple(
        CataloguedControl(
            control=control,
            title=item.get("title", ""),
            standards=tuple(item.get("standards") or ()),
            status=item["status"],
            policies=tuple(item.get("policies") or ()),
            reason=item.get("reason") or "",
            gap=item.get("gap") or "",
            source=item.get("source") or "",
            deviations=tuple(
                Deviation(tuple(d["stacks"]), d["kind"], d.get("reason") or "", d.get("scope") or "")
                for d in item.get("deviations") or ()
            ),
            checkov=tuple(item.get("checkov") or ()),
            related={
                name: tuple(entry.get("requirements") or ())
                for name, entry in (item.get("relatedRequirements") or {}).items()
                if isinstance(entry, dict)  # catalogues before v3 kept a reserved, empty field
            },
        )
        for control, item in document.get("controls", {}).items()
    )
    return Catalogue(
        path=str(path),
        pack=document.get("pack", ""),
        version=str(document.get("version", "")),
        catalogue_version=str((document.get("catalogue") or {}).get("version", "")),
        policies=policies,
        standards={name: dict(spec) for name, spec in (document.get("standards") or {}).items()},
        controls=catalogued,
        coverage=dict(document.get("coverage") or {}),
        other_exceptions=tuple(
            OtherException(e["check"], e["reason"], tuple(e.get("ids") or ()), tuple(e.get("resourceTypes") or ()))
            for e in document.get("otherExceptions", [])
        ),
        checkov_not_implemented=dict(document.get("checkovNotImplemented") or {}),
        frameworks={name: dict(spec) for name, spec in (document.get("frameworks") or {}).items()},
    )


def _taggable_types(path: Path) -> frozenset[str]:
    # The pack's own list when it ships one (it is what the tagging policy uses), else the project's copy.
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return taggable_types()
    types = document.get("types", []) if isinstance(document, dict) else document
    return frozenset(t for t in types if isinstance(t, str))
