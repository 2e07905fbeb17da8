"""Running the program in this process, under the mocks, as the Python language host runs it: main's directory as
working directory and first on sys.path, a wall-clock limit, and the program's failure reported the way the host
reports it: a ``pulumi.RunError`` (missing config, ...) by its message, anything else as "Program failed with an
unhandled exception:" and the traceback.
"""

from __future__ import annotations

import contextlib
import io
import os
import runpy
import signal
import sys
import threading
import traceback
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pulumi
from pulumi.runtime import settings as pulumi_settings
from pulumi.runtime.config import set_all_config
from pulumi.runtime.stack import run_pulumi_func
from pulumi.runtime.sync_await import _sync_await

from fraudctl.program.aws_invokes import UnknownInvokeError
from fraudctl.program.aws_mocks import AwsMocks
from fraudctl.program.engine_log import RecordingEngine
from fraudctl.program.errors import ProgramError, ProgramTimeout
from fraudctl.program.model import LogEntry, ProgramRun, Remediator
from fraudctl.program.project import PulumiProject
from fraudctl.program.recorder import RecordingMonitor
from fraudctl.program.transforms import TransformError

DEFAULT_REGION = "us-east-2"
ORGANIZATION = "organization"  # what the engine reports for a stack not in a Pulumi Cloud org
DEFAULT_TIMEOUT_S = 600.0
_OWN_CODE = str(Path(__file__).resolve().parents[1]) + os.sep  # fraudctl/


def run_here(
    project: PulumiProject,
    stack: str,
    config: dict[str, str],
    remediate: Remediator | None = None,
    stack_references: Mapping[str, Mapping[str, Any]] | None = None,
    timeout: float | None = DEFAULT_TIMEOUT_S,
) -> ProgramRun:
    mocks = AwsMocks(region=config.get("aws:region", DEFAULT_REGION), stack_references=stack_references)
    monitor = RecordingMonitor(mocks, config, remediate)
    engine = RecordingEngine()
    pulumi_settings.reset_options(project=project.name, stack=stack, preview=True, organization=ORGANIZATION)
    set_all_config(config, list(project.secret_keys))
    pulumi.runtime.set_mocks(
        mocks, project=project.name, stack=stack, preview=True, monitor=monitor, organization=ORGANIZATION
    )
    pulumi_settings.SETTINGS.engine = engine  # pulumi.log.* reaches us with its severity and resource
    root = pulumi_settings.get_root_resource()
    collected: dict[str, tuple[Any, bool]] = {}

    async def collect_outputs() -> None:
        for key, value in root.outputs.items():  # type: ignore[union-attr]
            output = pulumi.Output.from_input(value)
            collected[key] = (await output.future(with_unknowns=True), await output.is_secret())

    def program() -> Any:
        runpy.run_path(str(project.main), run_name="__main__")
        return collect_outputs()

    printed = io.StringIO()
    try:
        # The whole run, async applies included, sees the program's directory and its own modules.
        with _as_the_engine_runs(project.main), _deadline(timeout), contextlib.redirect_stdout(printed):
            _sync_await(run_pulumi_func(program))
    except ProgramTimeout:
        message = f"the program did not finish within {timeout:g}s (wall-clock limit; see --timeout)"
        raise ProgramError(message, tuple(monitor.recorded), engine.entries(printed), timed_out=True) from None
    except Exception as err:
        message = _failure(err)
        logs = (*engine.entries(printed), LogEntry("error", message))
        raise ProgramError(message, tuple(monitor.recorded), logs) from err
    finally:
        pulumi_settings.reset_options()

    return ProgramRun(
        project=project.name,
        stack=stack,
        organization=ORGANIZATION,
        config=config,
        resources=tuple(monitor.recorded),
        outputs={key: value for key, (value, _) in collected.items()},
        secret_outputs=frozenset(key for key, (_, secret) in collected.items() if secret),
        program_dir=str(project.main),
        logs=engine.entries(printed),
    )


def _failure(err: BaseException) -> str:
    """The language host's report: a RunError by its message, anything else with its traceback (fraudctl's own
    frames left out: the CLI's runner is not in a user's traceback either). Offline limits (an invoke we do not
    answer, a failing transform) are one line naming what to change."""
    cause: BaseException | None = err
    while cause is not None:
        if isinstance(cause, UnknownInvokeError | TransformError):
            return str(cause)
        cause = cause.__cause__ or cause.__context__
    if isinstance(err, pulumi.RunError):
        return str(err)
    frames = [f for f in traceback.extract_tb(err.__traceback__) if not f.filename.startswith(_OWN_CODE)]
    lines = ["Traceback (most recent call last):\n", *traceback.format_list(frames)]
    lines += traceback.format_exception_only(type(err), err)
    return "Program failed with an unhandled exception:\n" + "".join(lines).rstrip("\n")


@contextlib.contextmanager
def _deadline(seconds: float | None) -> Iterator[None]:
    """A wall-clock limit for an in-process run (SIGALRM: only the main thread can take signals)."""
    if not seconds or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(_signum: int, _frame: object) -> None:
        raise ProgramTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _as_the_engine_runs(main: Path) -> Iterator[None]:
    """The CLI runs the program with main's directory as working directory and first on sys.path."""
    program_dir = main if main.is_dir() else main.parent
    previous_cwd, previous_path = os.getcwd(), list(sys.path)
    os.chdir(program_dir)
    sys.path.insert(0, str(program_dir))
    try:
        yield
    finally:
        os.chdir(previous_cwd)
        sys.path[:] = previous_path
        _forget_modules_under(program_dir)


def _forget_modules_under(directory: Path) -> None:
    """Drop the program's own modules from the import cache, so the next run (maybe of another copy of the same
    program, in tests) imports its own files instead of silently reusing these."""
    root = str(directory.resolve())
    for name, module in list(sys.modules.items()):
        origin = getattr(module, "__file__", None) or ""
        if origin.startswith(root + os.sep):
            del sys.modules[name]
