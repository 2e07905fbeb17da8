"""controls.json and the README's generated block, computed from catalogue.yaml and the policies' control tags.

The pack never imports this module. Regenerate after changing a policy or the catalogue:
    cd policies && python -m fraud_guardrails.catalog --write      (--check exits 1 when the files are stale)
Generation fails, naming the control, when the catalogue and the policies disagree.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from fraud_guardrails import controls as catalogue_data
from fraud_guardrails.catalog_readme import BEGIN, END, readme_block
from fraud_guardrails.controls import CHECKED, Catalogue, CatalogueError, Control, figures
from fraud_guardrails.frameworks import Framework
from fraud_guardrails.metadata import Rule
from fraud_guardrails.pack import DESCRIPTION, PACK_NAME, rules

PACK_DIR = Path(__file__).resolve().parent.parent
CONTROLS_FILE = PACK_DIR / "controls.json"
README_FILE = PACK_DIR / "README.md"
FSBP = "FSBP"


def policies_of(declared: list[Rule]) -> dict[str, list[str]]:
    """Control ID -> the policies that name it (FSBP tags and other standards' tags alike)."""
    found: dict[str, list[str]] = {}
    for rule in declared:
        for control in (*rule.fsbp, *rule.controls):
            found.setdefault(control, []).append(rule.name)
    return found


def check_agreement(catalogue: Catalogue, declared: list[Rule]) -> None:
    """The policies' tags and the catalogue's statuses say the same thing, or CatalogueError names the gap."""
    known = {control.id: control for control in catalogue.controls}
    for rule in declared:
        for control_id, fsbp in [*((c, True) for c in rule.fsbp), *((c, False) for c in rule.controls)]:
            control = known.get(control_id)
            if control is None:
                raise CatalogueError(f"{rule.name} names {control_id}, which catalogue.yaml does not list")
            if control.status not in CHECKED:
                raise CatalogueError(f"{rule.name} names {control_id}, whose status is {control.status}")
            if fsbp != (FSBP in control.standards):
                where = "fsbp=" if fsbp else "controls="
                raise CatalogueError(
                    f"{rule.name} lists {control_id} in {where}, but its standards are {', '.join(control.standards)}"
                )
    named = policies_of(declared)
    checkov_of = {rule.name: set(rule.checkov) for rule in declared}
    for control in catalogue.controls:
        if control.status in CHECKED and not named.get(control.id):
            raise CatalogueError(f"{control.id} is {control.status} in catalogue.yaml, but no policy names it")
        if control.status in CHECKED:
            # A Checkov check equivalent to a control the pack checks is one its policies answer for too: otherwise
            # the review would call that check's failures gaps while the control counts as checked.
            claimed = set().union(*(checkov_of[name] for name in named[control.id]))
            unclaimed = [check for check in control.checkov if check not in claimed]
            if unclaimed:
                raise CatalogueError(
                    f"{control.id}'s Checkov equivalents {unclaimed} are named by none of its policies "
                    f"({', '.join(named[control.id])})"
                )


def _control_entry(control: Control, policies: list[str]) -> dict[str, Any]:
    return {
        "title": control.title,
        "standards": list(control.standards),
        "resourceTypes": list(control.resource_types),
        "source": control.source,
        "configRule": control.config_rule or None,
        "status": control.status,
        "reason": control.reason or None,
        "gap": control.gap or None,
        "deviations": [
            {"stacks": list(d.stacks), "kind": d.kind, "scope": d.scope or None, "reason": d.reason}
            for d in control.deviations
        ],
        "policies": policies,
        "checkov": list(control.checkov),
        "relatedRequirements": {
            name: {"requirements": list(r.requirements), "source": r.source, "note": r.note or None}
            for name, r in control.related_requirements.items()
        },
    }


def _framework_entry(framework: Framework) -> dict[str, Any]:
    return {
        "title": framework.title,
        "reference": framework.reference,
        "read": framework.read,
        "mapping": framework.mapping,
        "caveat": framework.caveat,
        "requirements": dict(framework.requirements),
        "principal": [
            {"number": p.number, "title": p.title, "canShow": p.can_show, "cannotShow": p.cannot_show}
            for p in framework.principal
        ],
    }


def coverage(catalogue: Catalogue) -> dict[str, Any]:
    """Per standard: the pack's figures and each stack's, counted from the catalogue."""
    result = {}
    for standard, spec in catalogue.standards.items():
        listed, enumerated = catalogue.of_standard(standard), bool(spec.get("enumerated"))
        result[standard] = {
            "enumerated": enumerated,
            "pack": figures(listed, enumerated=enumerated),
            "stacks": {stack: figures(listed, stack, enumerated=enumerated) for stack in catalogue.stacks},
        }
    return result


def controls_document(version: str, catalogue: Catalogue | None = None) -> dict[str, Any]:
    catalogue = catalogue or catalogue_data.load()
    declared = rules()
    check_agreement(catalogue, declared)
    named = policies_of(declared)
    return {
        "pack": PACK_NAME,
        "version": version,
        "description": DESCRIPTION,
        "catalogue": {
            "file": "catalogue.yaml",
            "version": catalogue.version,
            "reviewed": catalogue.reviewed,
            "sources": dict(catalogue.sources),
            "stacks": list(catalogue.stacks),
        },
        "standards": {name: dict(spec) for name, spec in catalogue.standards.items()},
        "policies": [
            {
                "name": rule.name,
                "service": rule.service,
                "kind": rule.kind,
                "enforcementLevel": rule.enforcement.value,
                "severity": rule.severity.value,
                "origin": "spec" if rule.spec else "best-practice",
                "description": rule.description,
                "remediation": rule.remediation,
                "fsbp": list(rule.fsbp),
                "controls": list(rule.controls),
                "checkov": list(rule.checkov),
                "resourceTypes": list(rule.resource_types) if rule.resource_types else None,
                "config": rule.defaults(),
            }
            for rule in declared
        ],
        "controls": {control.id: _control_entry(control, named.get(control.id, [])) for control in catalogue.controls},
        "coverage": coverage(catalogue),
        "otherExceptions": [dict(entry) for entry in catalogue.other_exceptions],
        "checkovNotImplemented": dict(catalogue.checkov_not_implemented),
        "frameworks": {name: _framework_entry(framework) for name, framework in catalogue.frameworks.items()},
        "retired": [dict(entry) for entry in catalogue.retired],
    }


def pack_version() -> str:
    import yaml  # only the generator needs it (pulumi depends on PyYAML)

    return str(yaml.safe_load((PACK_DIR / "PulumiPolicy.yaml").read_text(encoding="utf-8"))["version"])


def rendered() -> tuple[str, str]:
    """(controls.json text, README text) as they should be committed."""
    document = controls_document(pack_version())
    readme = README_FILE.read_text(encoding="utf-8")
    start, end = readme.index(BEGIN), readme.index(END) + len(END)
    return json.dumps(document, indent=1) + "\n", readme[:start] + readme_block(document) + readme[end:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Regenerate controls.json and the README's generated block.")
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", action="store_true")
    group.add_argument("--check", action="store_true")
    options = parser.parse_args(argv)
    try:
        controls, readme = rendered()
    except CatalogueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    stale = [
        path
        for path, text in ((CONTROLS_FILE, controls), (README_FILE, readme))
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]
    if options.check:
        for path in stale:
            print(f"{path} is stale: run python -m fraud_guardrails.catalog --write in policies/", file=sys.stderr)
        return 1 if stale else 0
    CONTROLS_FILE.write_text(controls, encoding="utf-8")
    README_FILE.write_text(readme, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
