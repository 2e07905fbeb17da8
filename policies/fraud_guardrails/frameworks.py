"""The catalogue's other frameworks (PCI DSS v4.0.1): how Security Hub maps controls to their requirements.

A control's `relatedRequirements` names requirements of a framework declared under `frameworks`; the framework says
how the lists were read, gives each named requirement's title, and, per principal requirement, what a stack can and
cannot show. Checked on load (by controls.load), so a requirement without a title or a framework nobody declared
fails the generator. The pack never imports this module.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


class FrameworkError(ValueError):
    """A framework entry or a control's related requirements are malformed."""


@dataclass(frozen=True)
class Principal:
    number: str
    title: str
    can_show: str
    cannot_show: str


@dataclass(frozen=True)
class Framework:
    name: str  # "PCI DSS v4.0.1": the key controls use
    title: str
    reference: str
    read: str  # when the controls' lists were read
    mapping: str  # how they were read
    caveat: str  # what the mapping is not
    requirements: Mapping[str, str]  # requirement -> its (abridged) title
    principal: tuple[Principal, ...]

    def principal_of(self, requirement: str) -> str:
        return requirement.split(".", 1)[0]


@dataclass(frozen=True)
class RelatedRequirements:
    requirements: tuple[str, ...]  # (): Security Hub lists none
    source: str  # the page the list was read on
    note: str = ""


def load_frameworks(entries: Mapping[str, Any] | None) -> dict[str, Framework]:
    frameworks = {}
    for name, entry in (entries or {}).items():
        principal = tuple(
            Principal(
                str(number), _text(item, "title", name), _text(item, "canShow", name), _text(item, "cannotShow", name)
            )
            for number, item in (entry.get("principal") or {}).items()
        )
        requirements = {str(k): str(v) for k, v in (entry.get("requirements") or {}).items()}
        framework = Framework(
            name=str(name),
            title=_text(entry, "title", name),
            reference=_text(entry, "reference", name),
            read=_text(entry, "read", name),
            mapping=_text(entry, "mapping", name),
            caveat=_text(entry, "caveat", name),
            requirements=requirements,
            principal=principal,
        )
        numbers = {p.number for p in principal}
        orphans = sorted(r for r in requirements if framework.principal_of(r) not in numbers)
        if not principal or orphans:
            raise FrameworkError(f"framework {name}: requirements {orphans} have no principal requirement")
        frameworks[framework.name] = framework
    return frameworks


def related_requirements(
    entry: Mapping[str, Any] | None, control_source: str, frameworks: Mapping[str, Framework]
) -> dict[str, RelatedRequirements]:
    """A control's lists: a plain list was read on the control's own page; a mapping names its source."""
    related = {}
    for name, value in (entry or {}).items():
        framework = frameworks.get(str(name))
        if framework is None:
            raise FrameworkError(f"related requirements of {name!r}, a framework `frameworks` does not declare")
        if isinstance(value, list):
            found = RelatedRequirements(tuple(str(r) for r in value), control_source)
        elif isinstance(value, Mapping) and isinstance(value.get("requirements"), list) and value.get("source"):
            found = RelatedRequirements(
                tuple(str(r) for r in value["requirements"]), str(value["source"]), str(value.get("note") or "").strip()
            )
        else:
            raise FrameworkError(f"{name}: a list of requirements, or {{requirements, source, note}}")
        untitled = [r for r in found.requirements if r not in framework.requirements]
        if untitled:
            raise FrameworkError(f"{name} requirements {untitled} have no title under frameworks")
        related[framework.name] = found
    return related


def _text(entry: Mapping[str, Any], key: str, name: object) -> str:
    value = str(entry.get(key) or "").strip()
    if not value:
        raise FrameworkError(f"framework {name}: `{key}` is missing")
    return value
