"""Program run and policy analysis together, the way `pulumi preview --policy-pack` sequences them.

The packs are spawned before the program runs: both are dominated by imports (pulumi in each pack child, pulumi-aws
in the program), so on a multi-core machine they overlap instead of adding up.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from fraudctl.policy_engine import PolicyAnalysis, PolicySession, StackSettings
from fraudctl.program.model import ProgramRun
from fraudctl.program.project import load_project
from fraudctl.program.runner import ORGANIZATION, run_program

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
) -> Preview:
    """Raises ProjectError / ProgramError (the program could not run) or PolicyEngineError (a pack could not)."""
    say = progress or (lambda _message: None)
    if not policy_packs:
        say(f"Running the program for stack {stack} under mocks...")
        started = time.perf_counter()
        run = run_program(project_dir, stack)
        return Preview(run=run, analysis=None, program_s=time.perf_counter() - started)

    project = load_project(project_dir, stack)  # cheap: the packs need the project, stack and config up front
    settings = StackSettings(project.name, stack, ORGANIZATION, dict(project.config))
    with PolicySession(policy_packs, settings, policy_pack_config, progress=say) as session:
        say(f"Running the program for stack {stack} under mocks...")
        started = time.perf_counter()
        run = run_program(project_dir, stack)
        program_s = time.perf_counter() - started
        say("Analyzing resources with the policy packs...")
        return Preview(run=run, analysis=session.analyze(run), program_s=program_s)
