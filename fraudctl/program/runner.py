"""Run a Pulumi Python program offline, under AWS-like mocks, and return the resource graph it declared."""

from __future__ import annotations

import contextlib
import os
import runpy
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pulumi
from pulumi.runtime import settings as pulumi_settings
from pulumi.runtime.config import set_all_config
from pulumi.runtime.stack import run_pulumi_func
from pulumi.runtime.sync_await import _sync_await

from fraudctl.program.aws_mocks import AwsMocks
from fraudctl.program.model import ProgramRun, RecordedResource
from fraudctl.program.project import load_project
from fraudctl.program.recorder import RecordingMonitor

DEFAULT_REGION = "us-east-2"
ORGANIZATION = "organization"  # what the engine reports for a stack not in a Pulumi Cloud org


class ProgramError(RuntimeError):
    """The program raised; the message is the program's own error, `declared` what it had registered by then."""

    def __init__(self, message: str, declared: tuple[RecordedResource, ...] = ()) -> None:
        super().__init__(message)
        self.declared = declared


def run_program(project_dir: Path, stack: str, config_overrides: dict[str, str] | None = None) -> ProgramRun:
    """Run the project's program for `stack` as `pulumi preview` would, but against mocks instead of providers."""
    project = load_project(project_dir, stack)
    config = {**project.config, **(config_overrides or {})}
    region = config.get("aws:region", DEFAULT_REGION)
    mocks = AwsMocks(region=region)
    monitor = RecordingMonitor(mocks)

    pulumi_settings.reset_options(project=project.name, stack=stack, preview=True, organization=ORGANIZATION)
    set_all_config(config, list(project.secret_keys))
    pulumi.runtime.set_mocks(
        mocks, project=project.name, stack=stack, preview=True, monitor=monitor, organization=ORGANIZATION
    )
    root = pulumi_settings.get_root_resource()
    collected: dict[str, tuple[Any, bool]] = {}

    async def collect_outputs() -> None:
        for key, value in root.outputs.items():  # type: ignore[union-attr]
            output = pulumi.Output.from_input(value)
            collected[key] = (await output.future(with_unknowns=True), await output.is_secret())

    def program() -> Any:
        runpy.run_path(str(project.main), run_name="__main__")
        return collect_outputs()

    try:
        # The whole run, async applies included, sees the program's directory and its own modules.
        with _as_the_engine_runs(project.main):
            _sync_await(run_pulumi_func(program))
    except Exception as err:
        raise ProgramError(_describe(err), tuple(monitor.recorded)) from err
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
    )


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


def _describe(err: BaseException) -> str:
    message = str(err) or type(err).__name__
    return message if message.startswith(type(err).__name__) else f"{type(err).__name__}: {message}"
