"""Policy pack config: parsing ``--policy-pack-config`` files and reconciling them exactly like the engine.

Mirrors pkg/resource/analyzer/config.go (``parsePolicyPackConfig``, ``ReconcilePolicyPackConfig``, ``applyConfig``,
``validatePolicyPackConfig``) and the error lines of pkg/engine/update.go:
``validating policy config: <pack> <version>  <policy>: <reason>`` (two spaces, sorted, one line per error).

Reconciliation, per pack: start from each policy's own level and its schema ``default``s; apply the pack's
``initialConfig``; apply the file. Applying a config first sets every policy's level from ``all`` (if it has a valid
level), then each named entry overrides the level and merges its properties. Then every policy's properties are
validated against its schema. Two deliberate differences, because one file here serves every pack (the CLI takes one
file per pack): a name that is no policy of *any* pack is an error (the engine ignores it, so a typo silently
disables your config), and a pack is only sent entries for its own policies (plus ``all``), since the engine would
reject another pack's property-only entry with ``invalid enforcement level ""``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .errors import PolicyEngineError
from .levels import is_valid_level
from .model import PackInfo, PolicyConfig, PolicyInfo
from .schema_errors import validation_errors

ALL = "all"


def load_config_file(path: Path) -> dict[str, PolicyConfig] | None:
    """Read a ``--policy-pack-config`` JSON file; ``None`` for an empty file (the engine allows that)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PolicyEngineError(f"reading policy pack config file {path}: {exc.strerror or exc}") from None
    try:
        return parse_config(text)
    except ValueError as exc:
        raise PolicyEngineError(f"policy pack config file {path}: {exc}") from None


def parse_config(text: str) -> dict[str, PolicyConfig] | None:
    """``parsePolicyPackConfig``: each value is a level string or an object with an optional ``enforcementLevel``."""
    if not text.strip():
        return None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"invalid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ValueError('the config must be a JSON object mapping policy names (or "all") to settings')
    result: dict[str, PolicyConfig] = {}
    for key, value in data.items():
        if isinstance(value, str):
            if not is_valid_level(value):
                raise ValueError(
                    f"parsing enforcement level for {_q(key)}: {_q(value)} is not a valid enforcement level"
                )
            level, props = value, None
        elif isinstance(value, dict):
            props = dict(value)
            level = _extract_level(key, props)
        else:
            raise ValueError(f"parsing {_q(key)}: {_go(value)} is not a valid value; must be a string or object")
        if level or props:  # the engine drops empty entries
            result[key] = PolicyConfig(level, props or None)
    return result


def _extract_level(key: str, props: dict[str, Any]) -> str:
    if "enforcementLevel" not in props:
        return ""
    value = props.pop("enforcementLevel")
    prefix = f"parsing enforcement level for {_q(key)}"
    if not isinstance(value, str):
        raise ValueError(f"{prefix}: {_go(value)} is not a valid enforcement level; must be a string")
    if not is_valid_level(value):
        raise ValueError(f"{prefix}: {_q(value)} is not a valid enforcement level")
    return value


def config_with_defaults(policies: Sequence[PolicyInfo]) -> dict[str, PolicyConfig]:
    """``createConfigWithDefaults``: each policy's own level and its schema defaults."""
    result = {}
    for policy in policies:
        props = {
            k: v["default"]
            for k, v in ((policy.config_schema or {}).get("properties") or {}).items()
            if isinstance(v, dict) and "default" in v
        }
        result[policy.name] = PolicyConfig(policy.enforcement_level, props or None)
    return result


def apply_config(result: dict[str, PolicyConfig], to_apply: Mapping[str, PolicyConfig]) -> dict[str, PolicyConfig]:
    """``applyConfig``: ``all`` first (levels only), then each named entry (level override, properties merge)."""
    result = dict(result)
    everything = to_apply.get(ALL)
    if everything is not None and is_valid_level(everything.enforcement_level):
        result = {k: PolicyConfig(everything.enforcement_level, v.properties) for k, v in result.items()}
    for name, given in to_apply.items():
        current = result.get(name, PolicyConfig())
        level = given.enforcement_level if is_valid_level(given.enforcement_level) else current.enforcement_level
        props = dict(current.properties or {})
        props.update(given.properties or {})
        result[name] = PolicyConfig(level, props or None)
    return result


def reconcile(
    pack: PackInfo, file_config: Mapping[str, PolicyConfig] | None
) -> tuple[dict[str, PolicyConfig], list[str]]:
    """``ReconcilePolicyPackConfig`` for one pack: the config to send, and ``policy: reason`` validation errors."""
    result = config_with_defaults(pack.policies)
    if pack.initial_config:
        result = apply_config(result, pack.initial_config)
    if file_config:
        own = {k: v for k, v in file_config.items() if k == ALL or pack.policy(k) is not None}
        result = apply_config(result, own)
    errors = []
    for policy in pack.policies:
        if policy.config_schema is None:
            continue
        schema = {"type": "object", **{k: v for k, v in policy.config_schema.items() if v}}
        props = (result.get(policy.name) or PolicyConfig()).properties or {}
        errors += [f"{policy.name}: {e}" for e in validation_errors(schema, props)]
    sendable = {k: v for k, v in result.items() if is_valid_level(v.enforcement_level)}
    return sendable, errors


def reconcile_all(
    packs: Sequence[PackInfo], file_config: Mapping[str, PolicyConfig] | None
) -> list[dict[str, PolicyConfig]]:
    """Reconcile every pack; raise one PolicyEngineError with all error lines, sorted like the engine's."""
    lines: list[str] = []
    configs = []
    for pack in packs:
        config, errors = reconcile(pack, file_config)
        configs.append(config)
        lines += [f"validating policy config: {pack.name} {pack.version}  {e}" for e in errors]
    known = {p.name for pack in packs for p in pack.policies}
    labels = ", ".join(f"{pack.name} {pack.version}" for pack in packs)
    for name in file_config or {}:
        if name != ALL and name not in known:
            lines.append(f"validating policy config: {labels}  {name}: no policy of this name in the policy pack")
    if lines:
        raise PolicyEngineError("\n".join(sorted(lines)))
    return configs


def _q(value: str) -> str:
    return json.dumps(value)  # close to Go's %q for the strings that appear in config files


def _go(value: Any) -> str:
    """Go's %v of a decoded JSON value, for messages that quote it."""
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return "[" + " ".join(_go(v) for v in value) + "]"
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{_go(v)}" for k, v in sorted(value.items())) + "]"
    return str(value)
