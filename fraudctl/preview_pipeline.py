"""Program run and policy analysis together, the way `pulumi preview --policy-pack` sequences them.

The program runs in the interpreter its Pulumi.yaml selects (``toolchain.program_interpreter``). The packs are
spawned before the program runs: both are dominated by imports (pulumi in each pack child, pulumi-aws in the
program), so on a multi-core machine they overlap instead of adding up. They are booted and configured at the
program's first registration, so that Remediate runs before each resource reaches the mocks, as in the engine.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fraudctl.policy_engine import PolicyAnalysis, PolicySession, StackSettings
from fraudctl.program.model import ProgramRun
from fraudctl.program.project import load_project
from fraudctl.program.runner import DEFAULT_TIMEOUT_S, ORGANIZATION, ProgramError, run_program
from fraudctl.program.toolchain import program_interpreter

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Preview:
    run: ProgramRun
    analysis: PolicyAnalysis | None  # None when no pack was given
    program_s: float


def preview(
    project_dir: Path,
    stack: str,
    policy_packs: Sequence[Path] = (),
    policy_pack_config: Path | None = None,
    progress: Progress | None = None,
    *,
    stack_references: Mapping[str, Mapping[str, Any]] | None = None,
    timeout: float | None = DEFAULT_TIMEOUT_S,
) -> Preview:
    """Raises ProjectError / ToolchainError / ProgramError (the program could not run) or PolicyEngineError (a pack
    could not)."""
    say = progress or (lambda _message: None)
    project = load_project(project_dir, stack)
    interpreter = program_interpreter(project.root, project.runtime_options)
    if not policy_packs:
        say(f"Running the program for stack {stack} under mocks...")
        started = time.perf_counter()
        run = run_program(
            project_dir, stack, interpreter=interpreter, stack_references=stack_references, timeout=timeout
        )
        return Preview(run=run, analysis=None, program_s=time.perf_counter() - started)

    settings = StackSettings(project.name, stack, ORGANIZATION, dict(project.config))
    with PolicySession(policy_packs, settings, policy_pack_config, progress=say) as session:
        say(f"Running the program for stack {stack} under mocks...")
        started = time.perf_counter()
        try:
            run = run_program(
                project_dir,
                stack,
                interpreter=interpreter,
                remediate=session.remediate if interpreter.is_current or session.remediates() else None,
                stack_references=stack_references,
                timeout=timeout,
            )
        except ProgramError:
            if session.failure is not None:  # a pack failed while the program ran: that is the error to report
                raise session.failure from None
            raise
        if session.failure is not None:
            raise session.failure
        program_s = time.perf_counter() - started
        say("Analyzing resources with the policy packs...")
        return Preview(run=run, analysis=session.analyze(run), program_s=program_s)
