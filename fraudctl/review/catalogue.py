"""The pack's machine-readable catalogue (``<pack>/controls.json``): what each policy checks and why.

The engine only tells the review a policy's name, level and severity; the catalogue adds the service, origin,
remediation, FSBP and Checkov IDs, the resource types a policy looks at, and the FSBP status of every control with
the accepted exceptions. Without the file the review still works, with those columns empty.
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
    checkov: tuple[str, ...] = ()
    resource_types: tuple[str, ...] | None = None  # None: the policy picks its resources itself
    config: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FsbpControl:
    control: str
    title: str
    status: str  # "covered" | "not applicable" | "accepted exception"
    policies: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class AcceptedException:
    control: str
    reason: str


@dataclass(frozen=True)
class Catalogue:
    path: str = ""  # "" when the pack has no controls.json
    pack: str = ""
    version: str = ""
    policies: dict[str, CataloguedPolicy] = field(default_factory=dict)
    fsbp: tuple[FsbpControl, ...] = ()
    fsbp_coverage: dict[str, Any] = field(default_factory=dict)
    exceptions: tuple[AcceptedException, ...] = ()
    checkov_not_implemented: dict[str, str] = field(default_factory=dict)
    taggable_types: frozenset[str] = frozenset()

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
            checkov=tuple(entry.get("checkov") or ()),
            resource_types=None if types is None else tuple(types),
            config=dict(entry.get("config") or {}),
        )
    fsbp = tuple(
        FsbpControl(
            control=control,
            title=item.get("title", ""),
            status=item["status"],
            policies=tuple(item.get("policies") or ()),
            reason=item.get("reason", ""),
        )
        for control, item in document.get("fsbp", {}).items()
    )
    return Catalogue(
        path=str(path),
        pack=document.get("pack", ""),
        version=str(document.get("version", "")),
        policies=policies,
        fsbp=fsbp,
        fsbp_coverage=dict(document.get("fsbpCoverage") or {}),
        exceptions=tuple(AcceptedException(e["control"], e["reason"]) for e in document.get("acceptedExceptions", [])),
        checkov_not_implemented=dict(document.get("checkovNotCovered") or {}),
    )


def _taggable_types(path: Path) -> frozenset[str]:
    # The pack's own list when it ships one (it is what the tagging policy uses), else the project's copy.
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return taggable_types()
    types = document.get("types", []) if isinstance(document, dict) else document
    return frozenset(t for t in types if isinstance(t, str))
