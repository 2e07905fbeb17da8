"""The project's pinned versions (constraints.txt), read by the program so what it deploys is what the tests run."""

from __future__ import annotations

import re
from pathlib import Path

CONSTRAINTS = Path(__file__).resolve().parents[2] / "constraints.txt"


def _normalized(distribution: str) -> str:
    return re.sub(r"[-_.]+", "-", distribution).lower()  # PEP 503: aws_lambda_powertools == aws-lambda-powertools


def pinned_version(distribution: str, constraints: Path = CONSTRAINTS) -> str:
    """The `==` version constraints.txt pins for `distribution`; a missing pin is an error, never a guess."""
    wanted = _normalized(distribution)
    for line in constraints.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\s*([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?\s*==\s*([^\s;#]+)", line)
        if match and _normalized(match.group(1)) == wanted:
            return match.group(2)
    raise LookupError(f"{constraints} pins no version of {distribution}")
