"""`fraudctl local --no-iam-enforcement`: the flag reaches the system's options, and the banner says which mode runs.

What enforcement on and off do is proven against the running system in test_iam_enforcement.py.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from fraudctl.commands.local import main as fraudctl_local
from fraudctl.local.banner import _iam
from fraudctl.local.errors import LocalModeError
from fraudctl.local.options import LocalOptions
from fraudctl.local.system import LocalSystem


@pytest.mark.parametrize(("argv", "enforced"), [([], True), (["--no-iam-enforcement"], False)])
def test_the_flag_turns_enforcement_off(argv: list[str], enforced: bool, monkeypatch, tmp_path: Path, capsys) -> None:
    started: list[LocalOptions] = []

    def start(cls, project_dir: Path, stack: str, options: LocalOptions) -> LocalSystem:
        started.append(options)
        raise LocalModeError("stopped before starting anything")

    monkeypatch.setattr(LocalSystem, "start", classmethod(start))
    assert fraudctl_local(["--cwd", str(tmp_path), *argv]) == 2
    assert [options.enforce_iam for options in started] == [enforced]
    assert "stopped before starting anything" in capsys.readouterr().err


def test_the_banner_says_whether_iam_is_enforced(tmp_path: Path) -> None:
    def system(enforce: bool) -> SimpleNamespace:
        state = tmp_path / ".fraudctl" / "local"
        return SimpleNamespace(options=LocalOptions(enforce_iam=enforce), state_dir=state, project_dir=tmp_path)

    assert _iam(system(True)) == (
        "enforced: each function runs as its own role; what each used goes to .fraudctl/local/iam-usage.json at stop"
    )
    assert _iam(system(False)).startswith("not enforced (--no-iam-enforcement)")
