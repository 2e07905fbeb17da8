"""Reading a Pulumi project directory the way the CLI does: Pulumi.yaml, then Pulumi.<stack>.yaml."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml


class ProjectError(ValueError):
    """The directory is not a runnable Pulumi Python project (the message names the file and the problem)."""


@dataclass(frozen=True)
class PulumiProject:
    name: str
    root: Path
    main: Path  # the program's entry: a directory with __main__.py, or a .py file
    config: dict[str, str]  # the stack's config, "<namespace>:<key>" -> string (objects as JSON), like PULUMI_CONFIG
    secret_keys: tuple[str, ...]
    runtime_options: dict[str, Any] = field(default_factory=dict)  # Pulumi.yaml runtime.options (virtualenv, ...)


def load_project(root: Path, stack: str) -> PulumiProject:
    root = root.resolve()
    project_file = root / "Pulumi.yaml"
    document = _read_yaml(project_file)
    name = document.get("name")
    if not isinstance(name, str) or not name:
        raise ProjectError(f"{project_file}: 'name' is missing")
    runtime = document.get("runtime")
    runtime_name = runtime.get("name") if isinstance(runtime, dict) else runtime
    options = (runtime.get("options") or {}) if isinstance(runtime, dict) else {}
    if not isinstance(options, dict):
        raise ProjectError(f"{project_file}: runtime.options must be a mapping")
    if runtime_name != "python":
        raise ProjectError(f"{project_file}: runtime is {runtime_name!r}; only Python programs can be run offline")
    main = (root / str(document.get("main") or ".")).resolve()
    if main.is_dir() and not (main / "__main__.py").is_file():
        raise ProjectError(f"{project_file}: main {main} has no __main__.py")
    if not main.exists():
        raise ProjectError(f"{project_file}: main {main} does not exist")
    config, secrets = _stack_config(root, name, stack, document)
    return PulumiProject(
        name=name, root=root, main=main, config=config, secret_keys=secrets, runtime_options=dict(options)
    )


def _stack_config(root: Path, project: str, stack: str, document: dict) -> tuple[dict[str, str], tuple[str, ...]]:
    config: dict[str, str] = {}
    # Project-level defaults first (Pulumi.yaml `config:` with `default`), then the stack file overrides them.
    for key, spec in (document.get("config") or {}).items():
        if isinstance(spec, dict) and "default" in spec:
            config[_qualify(project, key)] = _as_config_string(spec["default"])
        elif not isinstance(spec, dict):
            config[_qualify(project, key)] = _as_config_string(spec)
    stack_file = root / f"Pulumi.{stack}.yaml"
    secrets: list[str] = []
    if stack_file.exists():
        values = _config_section(stack_file)
        for key, value in values.items():
            qualified = _qualify(project, key)
            if isinstance(value, dict) and "secure" in value:
                # Encrypted values need the stack's secrets provider; offline we cannot decrypt them.
                raise ProjectError(
                    f"{stack_file}: {key} is an encrypted secret; pass a plaintext value for offline runs"
                )
            config[qualified] = _as_config_string(value)
    return config, tuple(secrets)


def _qualify(project: str, key: str) -> str:
    return key if ":" in key else f"{project}:{key}"


def _as_config_string(value: Any) -> str:
    # The engine hands every config value to the program as a string; objects and lists as JSON.
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value) if isinstance(value, dict | list) else str(value)


def _config_section(stack_file: Path) -> dict[str, Any]:
    """``config:`` of a stack file. A plain value is handed to the program as written (``1.50`` stays "1.50",
    ``yes`` stays "yes"), as the CLI keeps it; objects and lists are parsed, to be passed on as JSON."""
    _read_yaml(stack_file)  # the file's own errors first, worded as for any project file
    root = yaml.compose(stack_file.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    section = next((v for k, v in root.value if k.value == "config"), None) if root is not None else None
    if section is None or (isinstance(section, yaml.ScalarNode) and section.tag.endswith(":null")):
        return {}
    if not isinstance(section, yaml.MappingNode):
        raise ProjectError(f"{stack_file}: 'config' must be a mapping")
    values: dict[str, Any] = {}
    for key, node in section.value:
        if isinstance(node, yaml.ScalarNode) and not node.tag.endswith(":null"):
            values[str(key.value)] = node.value
        else:
            values[str(key.value)] = yaml.SafeLoader("").construct_document(node)
    return values


def _read_yaml(path: Path) -> dict:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise ProjectError(f"{path}: not found (is this a Pulumi project directory?)") from err
    except yaml.YAMLError as err:
        raise ProjectError(f"{path}: not valid YAML: {err}") from err
    if not isinstance(document, dict):
        raise ProjectError(f"{path}: expected a mapping at the top level")
    return document
