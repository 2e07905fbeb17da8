"""requirements.txt (Pulumi's pip toolchain) cannot drift from constraints.txt or miss what the program imports."""

from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

from fraud_stack.pins import pinned_version

LINE = re.compile(r"^([A-Za-z0-9_.-]+)==(\S+)$")


def requirements(project_root: Path) -> tuple[list[str], dict[str, str]]:
    options, pins = [], {}
    for raw in (project_root / "requirements.txt").read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("-"):
            options.append(line)
            continue
        match = LINE.match(line)
        assert match, f"requirements.txt: {line!r} is not an exact `name==version` pin"
        pins[match.group(1)] = match.group(2)
    return options, pins


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_requirement_is_pinned_to_the_constraints_version(project_root):
    options, pins = requirements(project_root)
    assert options == ["-c constraints.txt"]  # the transitive set comes from the same freeze
    for name, version in pins.items():
        assert version == pinned_version(name), f"{name}=={version} but constraints.txt pins {pinned_version(name)}"


def third_party_imports(directory: Path) -> set[str]:
    local = {p.stem for p in directory.rglob("*.py")} | {p.name for p in directory.rglob("*") if p.is_dir()}
    found = set()
    for path in directory.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module.split(".")[0])
    return {name for name in found - local if name not in sys.stdlib_module_names and name != "__future__"}


def test_requirements_are_exactly_what_the_program_and_the_pack_import(project_root):
    _, pins = requirements(project_root)
    distributions = packages_distributions()
    imported = third_party_imports(project_root / "infra") | third_party_imports(project_root / "policies")
    needed = {normalized(distributions[module][0]) for module in imported}
    assert needed == {normalized(name) for name in pins}
    assert "pulumi-policy" in needed  # `pulumi install` alone makes the pack runnable
