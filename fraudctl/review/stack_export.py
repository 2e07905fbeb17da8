"""Reading a ``pulumi stack export`` file (deployment versions 1 to 3) into the review's ``StackState``.

Shape (pulumi sdk/go/common/apitype): ``{"version": 3, "deployment": {"manifest": ..., "resources": [{"urn", "custom",
"id", "type", "inputs", "outputs", "parent", "provider", "dependencies", "propertyDependencies", ...}]}}``. Secrets
stay encrypted unless the user passed ``--show-secrets``; either way the review never needs their values, so secret,
asset and archive envelopes are replaced by markers before anything else reads the properties.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .errors import ReviewInputError
from .state import StackResource, StackState, urn_parts

SIG_KEY = "4dabf18193072939515e22adb298388d"
SECRET_SIG, ASSET_SIG, ARCHIVE_SIG = (
    "1b47061264138c4ac30d75fd1eb44270",
    "c44067f5952c0a294b673a41bacd8c17",
    "0def7320c3a5731c473e5ecbe6d01bc7",
)
MARKERS = {SECRET_SIG: "[secret]", ASSET_SIG: "[asset]", ARCHIVE_SIG: "[archive]"}
SUPPORTED_VERSIONS = (1, 2, 3)


def load_stack_export(path: Path) -> StackState:
    document = _read_json(path)
    if not isinstance(document, dict) or not isinstance(document.get("deployment"), dict):
        raise ReviewInputError(f"{path}: not a `pulumi stack export` file (no 'deployment' object)")
    version = document.get("version")
    if version not in SUPPORTED_VERSIONS:
        raise ReviewInputError(f"{path}: unsupported deployment version {version!r} (expected 1, 2 or 3)")
    raw = document["deployment"].get("resources")
    if raw is None or raw == []:
        raise ReviewInputError(f"{path}: the export has no resources (was the stack ever deployed?)")
    if not isinstance(raw, list):
        raise ReviewInputError(f"{path}: 'deployment.resources' must be a list")
    resources = tuple(_resource(path, index, item) for index, item in enumerate(raw))
    identities = sorted({urn_parts(r.urn)[:2] for r in resources})
    if len(identities) != 1:
        names = ", ".join(f"{project}/{stack}" for stack, project in identities)
        raise ReviewInputError(f"{path}: resources of several stacks in one export ({names})")
    stack, project = identities[0]
    return StackState(project=project, stack=stack, resources=resources)


def _read_json(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ReviewInputError(f"{path}: not found") from None
    except (OSError, UnicodeDecodeError) as err:
        raise ReviewInputError(f"{path}: cannot be read: {err}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise ReviewInputError(f"{path}: not valid JSON (line {err.lineno}, column {err.colno}: {err.msg})") from None


def _resource(path: Path, index: int, item: Any) -> StackResource:
    where = f"{path}: deployment.resources[{index}]"
    if not isinstance(item, dict):
        raise ReviewInputError(f"{where} is not an object")
    for key in ("urn", "type"):
        if not isinstance(item.get(key), str) or not item[key]:
            raise ReviewInputError(f"{where} is missing '{key}'")
    urn = item["urn"]
    stack, project, qualified_type, name = urn_parts(urn)
    if not stack or not project:
        raise ReviewInputError(f"{where} has a malformed urn {urn!r}")
    if qualified_type.rsplit("$", 1)[-1] != item["type"]:
        raise ReviewInputError(f"{where}: type {item['type']!r} does not match its urn {urn!r}")
    for key in ("inputs", "outputs", "propertyDependencies"):
        if item.get(key) is not None and not isinstance(item[key], dict):
            raise ReviewInputError(f"{where}: '{key}' must be an object")
    return StackResource(
        urn=urn,
        type=item["type"],
        name=name,
        custom=bool(item.get("custom", False)),
        id=str(item.get("id") or ""),
        inputs=_plain(item.get("inputs") or {}),
        outputs=_plain(item.get("outputs") or {}),
        parent=str(item.get("parent") or ""),
        provider=str(item.get("provider") or ""),
        dependencies=tuple(item.get("dependencies") or ()),
        property_dependencies={k: tuple(v or ()) for k, v in (item.get("propertyDependencies") or {}).items()},
    )


def _plain(value: Any) -> Any:
    """Replace secret, asset and archive envelopes by markers; keep everything else as it is."""
    if isinstance(value, dict):
        if SIG_KEY in value:
            return MARKERS.get(value[SIG_KEY], "[special]")
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value
