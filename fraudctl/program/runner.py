"""Run a Pulumi Python program offline, under AWS-like mocks, and return the resource graph it declared.

The program runs in this process when its interpreter is fraudctl's own (the common case: Pulumi.yaml names the
project's ``.venv``; ``in_process.py``), else in a child process started with the program's interpreter
(``child.py``). Either way the run has a wall-clock limit and reports the program's failure as the CLI would.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fraudctl.program.child import run_in_child
from fraudctl.program.errors import ProgramError, ProgramTimeout
from fraudctl.program.in_process import DEFAULT_REGION, DEFAULT_TIMEOUT_S, ORGANIZATION, run_here
from fraudctl.program.model import ProgramRun, Remediator
from fraudctl.program.project import load_project
from fraudctl.program.toolchain import Interpreter

__all__ = [
    "DEFAULT_REGION",
    "DEFAULT_TIMEOUT_S",
    "ORGANIZATION",
    "ProgramError",
    "ProgramTimeout",
    "run_here",
    "run_program",
]


def run_program(
    project_dir: Path,
    stack: str,
    config_overrides: dict[str, str] | None = None,
    *,
    interpreter: Interpreter | None = None,
    remediate: Remediator | None = None,
    stack_references: Mapping[str, Mapping[str, Any]] | None = None,
    timeout: float | None = DEFAULT_TIMEOUT_S,
) -> ProgramRun:
    """Run the project's program for ``stack`` as ``pulumi preview`` would, but against mocks instead of providers.

    ``interpreter``: the program's own Python (``toolchain.program_interpreter``); None runs it here.
    ``remediate``: the policy packs' Remediate, called for every registration before the mocks see it.
    ``stack_references``: outputs of other stacks by name, for ``pulumi.StackReference``.
    """
    project = load_project(project_dir, stack)
    config = {**project.config, **(config_overrides or {})}
    if interpreter is not None and not interpreter.is_current:
        return run_in_child(project, stack, config, interpreter, remediate, stack_references, timeout)
    return run_here(project, stack, config, remediate, stack_references, timeout)
