"""PulumiPolicy.yaml handling and the pack's interpreter, chosen as the CLI's pulumi-analyzer-policy-python does."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from fraudctl.policy_engine import PolicyEngineError, PolicySession, StackSettings
from fraudctl.policy_engine.project import load_policy_project, resolve_python

REPO = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "PulumiPolicy.yaml").write_text(text)
    return tmp_path


def test_reads_runtime_version_and_description(packs: Path) -> None:
    project = load_policy_project(packs / "mandatory")
    assert (project.runtime, project.version) == ("python", "1.2.3")
    assert project.description.startswith("Fixture pack with mandatory")
    assert project.path.is_absolute()


def test_runtime_object_with_options(packs: Path) -> None:
    project = load_policy_project(packs / "advisory")
    assert project.runtime_options == {"toolchain": "pip", "virtualenv": "../../../../.venv"}
    assert project.version == ""


def test_non_python_runtime_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PolicyEngineError) as info:
        load_policy_project(write(tmp_path, "runtime: nodejs\n"))
    assert 'uses runtime "nodejs"' in str(info.value) and 'only "python"' in str(info.value)


def test_missing_project_file_and_missing_runtime(tmp_path: Path) -> None:
    with pytest.raises(PolicyEngineError, match=r"PulumiPolicy\.yaml not found"):
        load_policy_project(tmp_path)
    with pytest.raises(PolicyEngineError, match="missing a 'runtime' attribute"):
        load_policy_project(write(tmp_path, "version: 1.0.0\n"))


def test_a_declared_virtualenv_is_used_relative_to_the_pack_with_its_bin_first_on_path(tmp_path: Path) -> None:
    venv_python = tmp_path / "venv" / "bin" / "python"
    venv_python.parent.mkdir(parents=True)
    venv_python.touch()
    project = load_policy_project(write(tmp_path, "runtime:\n  name: python\n  options:\n    virtualenv: venv/\n"))
    python, env = resolve_python(project, env={"PATH": "/usr/bin", "PYTHONHOME": "/x"})
    assert python == str(venv_python)
    assert env["PATH"] == f"{tmp_path / 'venv' / 'bin'}{os.pathsep}/usr/bin" and "PYTHONHOME" not in env
    assert resolve_python(project, "/opt/python")[0] == "/opt/python"  # an explicit override wins


def test_a_missing_virtualenv_fails_with_the_shims_reason(tmp_path: Path) -> None:
    project = load_policy_project(write(tmp_path, "runtime:\n  name: python\n  options:\n    virtualenv: venv\n"))
    with pytest.raises(PolicyEngineError) as info:
        resolve_python(project)
    missing = tmp_path / "venv"
    assert str(info.value).startswith(
        f"policy pack \"{tmp_path}\" failed to start: The 'virtualenv' option in PulumiPolicy.yaml is set to "
        f"{missing}, but {missing} doesn't appear to be a virtual environment."
    )
    assert f"python -m venv {missing}" in str(info.value)


def test_without_a_virtualenv_the_pack_runs_pulumi_python_cmd_or_python3(tmp_path: Path, monkeypatch) -> None:
    project = load_policy_project(write(tmp_path, "runtime: python\n"))
    monkeypatch.setenv("PULUMI_PYTHON_CMD", sys.executable)
    assert resolve_python(project)[0] == sys.executable
    monkeypatch.delenv("PULUMI_PYTHON_CMD")
    monkeypatch.setenv("PATH", str(tmp_path))
    (tmp_path / "python3").write_text("#!/bin/sh\n")
    (tmp_path / "python3").chmod(0o755)
    assert resolve_python(project)[0] == str(tmp_path / "python3")


def test_the_projects_own_pack_resolves_to_the_projects_venv() -> None:
    # PulumiPolicy.yaml says `virtualenv: ../.venv`: the venv `make` (and `pulumi install`) builds at the root.
    python, _ = resolve_python(load_policy_project(REPO / "policies"))
    assert python == f"{REPO}/policies/../.venv/bin/python"  # the shim joins $PWD and the option, unnormalized
    assert os.path.normpath(python) == str(REPO / ".venv" / "bin" / "python") and Path(python).is_file()


def test_a_session_with_a_missing_virtualenv_starts_no_process(tmp_path: Path) -> None:
    write(tmp_path, "runtime:\n  name: python\n  options:\n    virtualenv: gone\n")
    session = PolicySession([tmp_path], StackSettings("p", "dev"))
    with pytest.raises(PolicyEngineError, match="doesn't appear to be a virtual environment"), session:
        pass
    assert session.pids == []
