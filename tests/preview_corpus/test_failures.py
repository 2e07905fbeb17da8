"""How a preview fails: the program's own errors as the CLI reports them, fraudctl's own crashes, limits and
interpreters, always exit 2 ("could not run"), never 1 (a policy verdict)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fraudctl.cli import main
from fraudctl.program.toolchain import program_interpreter

from .helpers import PACKS, PROGRAMS, preview

pytestmark = pytest.mark.slow


def test_a_missing_config_value_reads_as_the_cli_reports_it():
    outcome = preview("config_error")
    assert outcome.code == 2
    assert outcome.err.splitlines()[:4] == [
        "Diagnostics:",
        "  pulumi:pulumi:Stack (config_error-dev):",
        "    error: Missing required configuration variable 'config_error:instanceCount'",
        "    \tplease set a value using the command `pulumi config set config_error:instanceCount <value>`",
    ]


def test_an_exception_in_the_program_shows_its_traceback_without_fraudctls_frames():
    outcome = preview("crash")
    assert outcome.code == 2
    assert "    error: Program failed with an unhandled exception:" in outcome.err
    assert f'{PROGRAMS / "crash" / "__main__.py"}", line 5, in <module>' in outcome.err
    assert "    ValueError: bucket name fraud_reports is invalid" in outcome.err.splitlines()
    assert "fraudctl/program" not in outcome.err
    assert "to create" not in outcome.out


def test_an_error_the_program_logs_is_shown_but_does_not_fail_the_preview():
    # pulumi/pulumi#5085, #6090: `pulumi.log.error` prints "error: ..." and the CLI still exits 0.
    outcome = preview("crash", "--stack", "logged")
    assert outcome.code == 0
    assert "1 error" in outcome.row("crash-logged")
    assert outcome.section("Diagnostics:")[1] == "    error: the quota for buckets is exhausted"


def test_a_crash_inside_fraudctl_is_exit_2_with_the_traceback_behind_debug(monkeypatch, capsys):
    def broken(*_args, **_kwargs):
        raise RuntimeError("the plan printer broke")

    monkeypatch.setattr("fraudctl.commands.preview.render_plan", broken)
    args = ["preview", "--cwd", str(PROGRAMS / "unknowns")]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "fraudctl: internal error: RuntimeError: the plan printer broke" in err and "Traceback" not in err
    assert "run again with --debug" in err
    assert main(["--debug", *args]) == 2
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and "RuntimeError: the plan printer broke" in err


def test_a_program_that_never_ends_is_stopped_at_the_wall_clock_limit():
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "fraudctl.cli", "preview", "--cwd", str(PROGRAMS / "hang"), "--timeout", "2"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert "    error: the program did not finish within 2s (wall-clock limit; see --timeout)" in done.stderr
    assert time.monotonic() - started < 60


def test_a_program_whose_declared_virtualenv_is_missing_fails_with_the_cli_reason(tmp_path, capsys):
    _program(tmp_path, "    virtualenv: missing-venv\n")
    assert main(["preview", "--cwd", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert (
        f'The \'virtualenv\' option in Pulumi.yaml is set to "missing-venv", but "{tmp_path / "missing-venv"}" '
        "doesn't exist; run the following commands to create the virtual environment"
    ) in err


def test_a_pack_whose_declared_virtualenv_is_missing_fails_with_the_shims_reason(tmp_path, capsys):
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "PulumiPolicy.yaml").write_text("runtime:\n  name: python\n  options:\n    virtualenv: venv\n")
    (pack / "__main__.py").write_text("raise SystemExit('never started')\n")
    assert main(["preview", "--cwd", str(PROGRAMS / "unknowns"), "--policy-pack", str(pack)]) == 2
    err = capsys.readouterr().err
    assert (
        f"error: policy pack \"{pack}\" failed to start: The 'virtualenv' option in PulumiPolicy.yaml is set to "
        f"{pack / 'venv'}, but {pack / 'venv'} doesn't appear to be a virtual environment."
    ) in err
    assert "never started" not in err


def test_the_program_runs_in_the_interpreter_its_pulumi_yaml_selects(tmp_path, capsys):
    # Another virtualenv (sharing this one's packages through a .pth file, so it can import pulumi_aws).
    venv = tmp_path / "other-venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    site = next((venv / "lib").glob("python3*/site-packages"))
    (site / "shared.pth").write_text(next(p for p in sys.path if p.endswith("site-packages")) + "\n")
    project = _program(
        tmp_path / "project", f"    virtualenv: {venv}\n", "import sys\npulumi.export('prefix', sys.prefix)\n"
    )
    assert not program_interpreter(project, {"virtualenv": str(venv)}).is_current
    assert main(["preview", "--cwd", str(project)]) == 0
    assert f'    prefix: "{venv}"' in capsys.readouterr().out.splitlines()


def test_without_a_virtualenv_the_program_runs_python3_from_path(tmp_path, monkeypatch):
    fake = tmp_path / "bin" / "python3"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(fake.parent))
    monkeypatch.delenv("PULUMI_PYTHON_CMD", raising=False)
    chosen = program_interpreter(tmp_path, {})
    assert chosen.python == str(fake) and not chosen.is_current
    monkeypatch.setenv("PULUMI_PYTHON_CMD", sys.executable)
    assert program_interpreter(tmp_path, {}).python == sys.executable


def _program(root: Path, options: str, body: str = "") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "Pulumi.yaml").write_text(f"name: elsewhere\nruntime:\n  name: python\n  options:\n{options}")
    (root / "__main__.py").write_text("import pulumi\n" + body)
    return root


def test_the_corpus_packs_and_programs_run_in_the_projects_virtualenv():
    venv = Path(sys.prefix)
    for directory in [*PROGRAMS.iterdir(), *PACKS.iterdir()]:
        name = "PulumiPolicy.yaml" if directory.parent == PACKS else "Pulumi.yaml"
        assert "virtualenv: ../../../../.venv" in (directory / name).read_text(), directory
        assert os.path.samefile(directory / "../../../../.venv", venv) or not (venv / "pyvenv.cfg").exists()


def test_an_event_log_that_cannot_be_written_is_exit_2_not_a_crash(tmp_path, capsys):
    args = ["preview", "--cwd", str(PROGRAMS / "unknowns"), "--policy-pack", str(PACKS / "unknown_values")]
    assert main([*args, "--event-log", str(tmp_path)]) == 2  # a directory
    err = capsys.readouterr().err
    assert f"error: cannot write the event log: {tmp_path}: Is a directory" in err and "internal error" not in err
