"""The functions run on python3.13 in AWS and on the project's Python 3.11 here: their code must mean the same on both.

Python 3.12 and 3.13 removed modules (PEP 632 distutils; PEP 594 "dead batteries"; imp, asynchat, asyncore, smtpd):
an import of one would pass every test here and fail at the function's cold start in AWS.
"""

from __future__ import annotations

import ast
from pathlib import Path

FUNCTIONS = Path(__file__).resolve().parents[2] / "functions"
REMOVED_BY_3_13 = {
    # 3.12
    "distutils", "imp", "asynchat", "asyncore", "smtpd",
    # 3.13 (PEP 594)
    "aifc", "audioop", "cgi", "cgitb", "chunk", "crypt", "imghdr", "mailcap", "msilib", "nis", "nntplib",
    "ossaudiodev", "pipes", "sndhdr", "spwd", "sunau", "telnetlib", "uu", "xdrlib", "lib2to3",
}  # fmt: skip


def imported_modules(source: str) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_the_reader_sees_plain_and_from_imports():
    assert imported_modules("import cgi\nfrom distutils.util import x\nfrom . import y\n") == {"cgi", "distutils"}


def test_no_function_imports_a_module_python_3_13_removed():
    sources = sorted(FUNCTIONS.rglob("*.py"))
    assert len(sources) > 20
    used = {
        path.relative_to(FUNCTIONS).as_posix(): imported_modules(path.read_text()) & REMOVED_BY_3_13 for path in sources
    }
    assert {path: modules for path, modules in used.items() if modules} == {}
