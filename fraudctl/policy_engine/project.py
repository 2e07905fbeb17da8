"""Reading ``PulumiPolicy.yaml`` and choosing the Python interpreter, as the engine's NewPolicyAnalyzer does."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

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


def resolve_python(project: PolicyProject, override: str | None = None) -> str:
    """The interpreter that runs the pack.

    An explicit ``override`` wins. Otherwise, like the engine's ``pulumi-analyzer-policy-python`` shim, a
    ``virtualenv`` runtime option that points at an existing virtual environment is honoured. Deviation: where the
    shim falls back to ``python3`` on PATH (or fails for a missing virtualenv), we use ``sys.executable`` so packs run
    with the same, pinned, pulumi/pulumi_policy as this process. The ``toolchain`` option (uv/poetry) is not supported.
    """
    if override:
        return override
    venv = project.runtime_options.get("virtualenv")
    if isinstance(venv, str) and venv:
        candidate = (project.path / venv / "bin" / "python").absolute()
        if candidate.exists():
            return str(candidate)
    return sys.executable
