"""Where in the program a resource is declared, so SARIF results point at a line a reviewer can open.

The program names resources with literals and f-strings (``aws.ec2.Vpc(f"{name}-vpc", ...)``). Every call in the
program's .py files whose callee is the resource's class (``Vpc``) and whose name argument could have produced the
logical name is a candidate; the one with the most literal text wins (``{name}-vpc`` beats a bare variable). When
nothing matches, the result points at the program's entry file, line 1.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from .state import STACK_TYPE


@dataclass(frozen=True)
class SourceLocation:
    path: str  # relative to the source root (the repository), POSIX separators
    line: int


@dataclass(frozen=True)
class _Declaration:
    callee: str
    pattern: re.Pattern[str] | None  # None: the name is not a literal (a variable); matches anything, weakest
    literal_chars: int
    location: SourceLocation


class SourceIndex:
    def __init__(self, program_dir: Path, entry_file: Path, source_root: Path) -> None:
        self.source_root = source_root.resolve()
        self.entry = SourceLocation(self._relative(entry_file), 1)
        self._declarations: list[_Declaration] = []
        if program_dir.is_dir():
            files = sorted(p for p in program_dir.rglob("*.py") if not {"__pycache__", ".venv"} & set(p.parts))
        else:
            files = [program_dir] if program_dir.suffix == ".py" else []
        for path in files:
            self._declarations.extend(self._scan(path))

    def locate(self, type_token: str, name: str) -> SourceLocation:
        if type_token == STACK_TYPE:
            return self.entry
        callee = "Provider" if type_token.startswith("pulumi:providers:") else type_token.rsplit(":", 1)[-1]
        best: _Declaration | None = None
        for declaration in self._declarations:
            if declaration.callee != callee:
                continue
            if declaration.pattern is not None and not declaration.pattern.fullmatch(name):
                continue
            if best is None or declaration.literal_chars > best.literal_chars:
                best = declaration
        return best.location if best else self.entry

    def _relative(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.source_root).as_posix()
        except ValueError:
            return path.resolve().as_posix()

    def _scan(self, path: Path) -> list[_Declaration]:
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
            return []  # a file we cannot parse cannot be pointed into; the entry file remains the fallback
        relative = self._relative(path)
        found = []
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            callee = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if not callee or not callee[0].isupper():
                continue  # resources are classes; helpers and functions are not declarations
            name_arg = node.args[0] if node.args else _keyword(node, "resource_name")
            if name_arg is None:
                continue
            pattern, literal = _name_pattern(name_arg)
            found.append(_Declaration(callee, pattern, literal, SourceLocation(relative, node.lineno)))
        return sorted(found, key=lambda d: d.location.line)  # ties go to the first declaration in the file


def _keyword(node: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in node.keywords if k.arg == name), None)


def _name_pattern(node: ast.expr) -> tuple[re.Pattern[str] | None, int]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return re.compile(re.escape(node.value)), len(node.value)
    if isinstance(node, ast.JoinedStr):
        parts, literal = [], 0
        for value in node.values:
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                parts.append(re.escape(value.value))
                literal += len(value.value)
            else:
                parts.append(".+?")
        return re.compile("".join(parts)), literal
    return None, 0


def find_source_root(start: Path) -> Path:
    """The repository root (nearest ancestor with .git), which is what code scanning resolves paths against."""
    start = start.resolve()
    for candidate in (start, *start.parents):
        if (candidate / ".git").exists():
            return candidate
    return start
