"""PulumiPolicy.yaml handling and interpreter choice."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from fraudctl.policy_engine import PolicyEngineError
from fraudctl.policy_engine.project import load_policy_project, resolve_python


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
    assert project.runtime_options == {"virtualenv": "no-such-venv"}
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


def test_python_resolution(tmp_path: Path, packs: Path) -> None:
    # A virtualenv option pointing nowhere falls back to this interpreter; an existing one is used; override wins.
    assert resolve_python(load_policy_project(packs / "advisory")) == sys.executable
    venv_python = tmp_path / "venv" / "bin" / "python"
    venv_python.parent.mkdir(parents=True)
    venv_python.touch()
    project = load_policy_project(write(tmp_path, "runtime:\n  name: python\n  options:\n    virtualenv: venv\n"))
    assert resolve_python(project) == str(venv_python)
    assert resolve_python(project, "/opt/python") == "/opt/python"
