"""Which grants a local run used: `fraudctl local` records each function's (role, action, resource) as moto
authorizes it (`<state dir>/iam-usage.json`, default `.fraudctl/local/iam-usage.json`); the IAM matrix marks each
Allow statement with the calls it allowed, and the actions nobody called.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ReviewInputError
from .model_sections import IamGrant, IamRole

MAX_LISTED = 4  # uses shown per statement


@dataclass(frozen=True)
class Use:
    action: str
    resource: str
    allowed: int
    denied: int


@dataclass(frozen=True)
class IamUsage:
    file: str
    project: str
    stack: str
    roles: dict[str, tuple[Use, ...]]  # role name (physical) -> what it did


def load_iam_usage(path: Path) -> IamUsage:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReviewInputError(f"{path}: not found (run `fraudctl local` and stop it: it writes the file)") from None
    except (OSError, ValueError) as err:
        raise ReviewInputError(f"{path}: not a usage file: {err}") from None
    if not isinstance(document, dict) or document.get("source") != "fraudctl local":
        raise ReviewInputError(f"{path}: not an IAM usage file written by `fraudctl local`")
    roles = {
        str(role): tuple(Use(e["action"], e["resource"], int(e["allowed"]), int(e["denied"])) for e in entries)
        for role, entries in (document.get("roles") or {}).items()
    }
    return IamUsage(str(path), str(document.get("project", "")), str(document.get("stack", "")), roles)


def with_usage(roles: tuple[IamRole, ...], usage: IamUsage) -> tuple[IamRole, ...]:
    return tuple(
        dataclasses.replace(role, grants=tuple(_marked(g, usage.roles.get(role.role_name, ())) for g in role.grants))
        for role in roles
    )


def _marked(grant: IamGrant, uses: tuple[Use, ...]) -> IamGrant:
    if grant.effect != "Allow" or any(a.startswith("NOT ") for a in grant.actions):
        return grant
    used, called = [], set()
    for use in uses:
        action = next((a for a in grant.actions if _matches(a, use.action, ignore_case=True)), None)
        if action is None or not any(_matches(r, use.resource) or use.resource == "*" for r in grant.resources):
            continue
        called.add(action)
        denied = f", {use.denied} denied" if use.denied else ""
        used.append(f"{use.action} on {use.resource}: {use.allowed} calls{denied}")
    idle = tuple(a for a in grant.actions if a not in called)
    if len(used) > MAX_LISTED:  # one line per object key of a long run would drown the matrix
        used = [*used[:MAX_LISTED], f"... and {len(used) - MAX_LISTED} more resources"]
    return dataclasses.replace(grant, used=tuple(used), unused=idle, usage_known=True)


def _matches(pattern: str, value: str, ignore_case: bool = False) -> bool:
    regex = "^" + ".*".join(re.escape(part) for part in pattern.split("*")).replace("\\?", ".") + "$"
    return re.match(regex, value, re.IGNORECASE if ignore_case else 0) is not None


def usage_summary(usage: IamUsage) -> dict[str, Any]:
    calls = sum(u.allowed + u.denied for uses in usage.roles.values() for u in uses)
    return {"file": usage.file, "roles": len(usage.roles), "calls": calls}
