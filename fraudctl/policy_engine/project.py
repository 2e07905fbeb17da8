"""Reading ``PulumiPolicy.yaml`` and choosing the Python interpreter, as the engine's NewPolicyAnalyzer does."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from fraudctl.program.toolchain import ToolchainError, pack_interpreter

from .errors import PolicyEngineError

POLICY_PROJECT_FILE = "PulumiPolicy.yaml"


@dataclass(frozen=True)
class PolicyProject:
    """The fields of PulumiPolicy.yaml the driver uses. ``version``/``description`` override the SDK's answers."""

    path: Path  # absolute pack directory
    runtime: str
    runtime_options: dict[str, Any] = field(default_factory=dict)
    version: str = ""
    description: str = ""


def load_policy_project(pack_dir: Path) -> PolicyProject:
    """Load and check ``<pack_dir>/PulumiPolicy.yaml``; only ``runtime: python`` packs can be run here."""
    pack_dir = pack_dir.resolve()
    project_file = pack_dir / POLICY_PROJECT_FILE
    # Same wording as the engine: `failed to load Pulumi policy project located at %q: %w`.
    prefix = f'failed to load Pulumi policy project located at "{pack_dir}"'
    try:
        data = yaml.safe_load(project_file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PolicyEngineError(f"{prefix}: {POLICY_PROJECT_FILE} not found") from None
    except (OSError, yaml.YAMLError) as exc:
        raise PolicyEngineError(f"{prefix}: {exc}") from None
    if not isinstance(data, dict):
        raise PolicyEngineError(f"{prefix}: {POLICY_PROJECT_FILE} must be a YAML mapping")

    runtime, options = _parse_runtime(data.get("runtime"), prefix)
    if runtime != "python":
        raise PolicyEngineError(
            f'policy pack at "{pack_dir}" uses runtime "{runtime}"; only "python" policy packs can be run '
            "without the Pulumi CLI"
        )
    version = data.get("version")
    description = data.get("description")
    return PolicyProject(
        path=pack_dir,
        runtime=runtime,
        runtime_options=options,
        version="" if version is None else str(version),
        description=description if isinstance(description, str) else "",
    )


def _parse_runtime(value: Any, prefix: str) -> tuple[str, dict[str, Any]]:
    # `runtime` is either a name or {name, options}, like Pulumi.yaml's.
    if isinstance(value, str) and value:
        return value, {}
    if isinstance(value, dict) and isinstance(value.get("name"), str):
        options = value.get("options") or {}
        if not isinstance(options, dict):
            raise PolicyEngineError(f"{prefix}: runtime.options must be a mapping")
        return value["name"], options
    raise PolicyEngineError(f"{prefix}: project is missing a 'runtime' attribute")


def resolve_python(
    project: PolicyProject, override: str | None = None, env: Mapping[str, str] | None = None
) -> tuple[str, dict[str, str]]:
    """The interpreter that runs the pack and its environment, as ``pulumi-analyzer-policy-python`` chooses them:
    the ``virtualenv`` runtime option relative to the pack directory (its ``bin`` first on PATH, PYTHONHOME unset),
    or ``$PULUMI_PYTHON_CMD`` / ``python3`` without one. A declared virtualenv that is missing fails with the shim's
    reason, as the CLI does. ``override`` (tests, tools) wins over all of it.
    """
    base = dict(os.environ if env is None else env)
    if override:
        return override, base
    try:
        interpreter = pack_interpreter(project.path, project.runtime_options)
    except ToolchainError as err:
        raise PolicyEngineError(f'policy pack "{project.path}" failed to start: {err}') from None
    if interpreter.virtualenv is not None:
        base.pop("PYTHONHOME", None)
        base["PATH"] = os.pathsep.join(filter(None, [str(interpreter.virtualenv / "bin"), base.get("PATH", "")]))
    return interpreter.python, base
