"""Which Python interpreter runs a program or a policy pack, chosen the way the Pulumi CLI chooses it.

Programs (``Pulumi.yaml``) go through the Python language host's toolchain (pulumi/pulumi sdk/python/toolchain:
``ResolveToolchain``): ``pip`` uses ``virtualenv`` relative to the project root, or with no ``virtualenv``
``$PULUMI_PYTHON_CMD`` / ``python3`` / ``python`` on PATH; ``uv`` uses ``virtualenv`` or a ``.venv`` beside the nearest
``uv.lock`` / ``pyproject.toml``; ``poetry`` asks ``poetry env info --path``.

Policy packs (``PulumiPolicy.yaml``) are started by the CLI's ``pulumi-analyzer-policy-python`` shim with the pack
directory as working directory and the runtime options as ``-key=value`` arguments: it honours ``virtualenv`` only
(relative to the pack directory), stops with exit 1 when that directory holds no ``bin/python``, and otherwise runs
``$PULUMI_PYTHON_CMD`` or ``python3``; ``toolchain`` is passed on and ignored by the shim.

Deviation, said in every message: the CLI creates a program's missing virtualenv (``EnsureVenv``: ``python -m venv``
and ``pip install -r requirements.txt``); we never install anything and ask the user to (``make`` / ``pulumi install``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

VENV_DOCS = "https://www.pulumi.com/docs/intro/languages/python/#virtual-environments"


class ToolchainError(RuntimeError):
    """The declared interpreter cannot be used; the message is the CLI's reason, plus how to fix it."""


@dataclass(frozen=True)
class Interpreter:
    """A Python to run, and the virtual environment it belongs to (None for a Python found on PATH)."""

    python: str
    virtualenv: Path | None = None

    @property
    def is_current(self) -> bool:
        """True when this is the environment fraudctl itself runs in, so running in-process is the same thing."""
        if self.virtualenv is not None:
            return _same_dir(self.virtualenv, Path(sys.prefix))
        found = Path(self.python)
        return found.parent.parent.resolve() == Path(sys.prefix).resolve() if found.is_absolute() else False

    def environment(self, base: dict[str, str] | None = None) -> dict[str, str]:
        """``ActivateVirtualEnv``: the venv's bin first on PATH, VIRTUAL_ENV set, PYTHONHOME removed."""
        env = dict(os.environ if base is None else base)
        if self.virtualenv is None:
            return env
        env.pop("PYTHONHOME", None)
        env["PATH"] = os.pathsep.join(filter(None, [str(self.virtualenv / "bin"), env.get("PATH", "")]))
        env["VIRTUAL_ENV"] = str(self.virtualenv)
        return env


def program_interpreter(root: Path, options: dict[str, Any]) -> Interpreter:
    """The interpreter the language host would run the program in (``root`` holds Pulumi.yaml)."""
    toolchain = str(options.get("toolchain") or "pip")
    virtualenv = str(options.get("virtualenv") or "")
    if toolchain == "uv":
        return _checked(root, virtualenv or _uv_default(root), "Pulumi.yaml", toolchain)
    if toolchain == "poetry":
        return _poetry(root)
    if toolchain != "pip":
        raise ToolchainError(f"unsupported toolchain {toolchain!r} in Pulumi.yaml (pip, uv and poetry are)")
    if virtualenv:
        return _checked(root, virtualenv, "Pulumi.yaml", toolchain)
    return Interpreter(_python_on_path(("python3", "python")))


def pack_interpreter(pack_dir: Path, options: dict[str, Any]) -> Interpreter:
    """The interpreter ``pulumi-analyzer-policy-python`` would start the pack with."""
    virtualenv = str(options.get("virtualenv") or "").rstrip("/")
    if not virtualenv:
        return Interpreter(_python_on_path(("python3",)))
    path = Path(virtualenv) if Path(virtualenv).is_absolute() else pack_dir / virtualenv
    if not (path / "bin" / "python").is_file():
        raise ToolchainError(
            f"The 'virtualenv' option in PulumiPolicy.yaml is set to {path}, but {path} doesn't appear to be a "
            "virtual environment.\n"
            "Run the following commands to create the virtual environment and install dependencies into it:\n"
            f"    1. python -m venv {path}\n"
            f"    2. {path}/bin/python -m pip install --upgrade pip setuptools wheel\n"
            f"    3. {path}/bin/python -m pip install -r {pack_dir}/requirements.txt\n"
            f"For more information see: {VENV_DOCS}"
        )
    return Interpreter(str(path / "bin" / "python"), path)


def _checked(root: Path, virtualenv: str, project_file: str, toolchain: str) -> Interpreter:
    path = Path(virtualenv) if Path(virtualenv).is_absolute() else root / virtualenv
    if (path / "bin" / "python").is_file():
        return Interpreter(str(path / "bin" / "python"), path)
    if toolchain == "uv":
        raise ToolchainError(f"'{path}' is not a virtualenv (create it with `uv sync` in {root})")
    state = "doesn't exist" if not path.exists() else "doesn't appear to be a virtual environment"
    # pip.go NewVirtualEnvError, word for word; the CLI would first try to create it, we do not install anything.
    raise ToolchainError(
        f'The \'virtualenv\' option in {project_file} is set to "{virtualenv}", but "{path}" {state}; run the '
        "following commands to create the virtual environment and install dependencies into it:\n\n"
        f"    1. python3 -m venv {path}\n"
        f"    2. {path}/bin/python -m pip install --upgrade pip setuptools wheel\n"
        f"    3. {path}/bin/python -m pip install -r requirements.txt\n\n\n"
        f"For more information see: {VENV_DOCS}\n"
        "(`pulumi preview` would create it first; fraudctl installs nothing: run `pulumi install`, or `make` here)"
    )


def _uv_default(root: Path) -> str:
    for marker in ("uv.lock", "pyproject.toml"):
        for directory in (root, *root.parents):
            if (directory / marker).exists():
                return str(directory / ".venv")
    return str(root / ".venv")


def _poetry(root: Path) -> Interpreter:
    poetry = shutil.which("poetry")
    if poetry is None:
        raise ToolchainError("Could not find `poetry` executable.\nInstall poetry and make sure it is in your PATH.")
    found = subprocess.run(
        [poetry, "env", "info", "--path"], cwd=root, capture_output=True, text=True, timeout=60, check=False
    )
    path = Path(found.stdout.strip())
    if found.returncode != 0 or not (path / "bin" / "python").is_file():
        raise ToolchainError(f"poetry has no virtual environment for {root}; run `poetry install` there")
    return Interpreter(str(path / "bin" / "python"), path)


def _python_on_path(names: tuple[str, ...]) -> str:
    command = os.environ.get("PULUMI_PYTHON_CMD")
    for name in (command,) if command else names:
        found = shutil.which(name)
        if found:
            return found
    raise ToolchainError(
        f"failed to locate any of {list((command,) if command else names)} on your PATH. "
        "Have you installed Python 3.6 or greater?"
    )


def _same_dir(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False
