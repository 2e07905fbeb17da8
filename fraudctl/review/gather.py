"""The two ways to gather a review: run everything offline, or read the files a real pipeline produced."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml

from fraudctl.policy_engine import PolicySession, StackSettings
from fraudctl.program.project import load_project
from fraudctl.program.runner import ORGANIZATION, run_program

from .acceptance import load_acceptance
from .build import build_review
from .catalogue import load_catalogue
from .errors import ReviewInputError
from .event_log import load_event_log
from .iam_usage import IamUsage
from .independent import IndependentOptions
from .model import ReviewModel
from .model_sections import Acceptance
from .sources import SourceIndex, find_source_root
from .stack_export import load_stack_export
from .state import from_program_run
from .verdicts import from_analysis

DEFAULT_CUCUMBER = Path("reports") / "cucumber.json"
Progress = Callable[[str], None]


def review_offline(
    project_dir: Path,
    stack: str,
    pack_dir: Path,
    config_file: Path | None = None,
    *,
    cucumber: Path | None = None,
    generated_at: str = "",
    progress: Progress | None = None,
    independent: IndependentOptions | None = None,
    iam_usage: IamUsage | None = None,
) -> ReviewModel:
    """Run the program under mocks and the pack over it, as ``pulumi preview --policy-pack`` would, and review it.

    Raises ProjectError / ProgramError / PolicyEngineError / ReviewInputError when something cannot run or be read.
    """
    say = progress or (lambda _message: None)
    project = load_project(project_dir, stack)
    catalogue = load_catalogue(pack_dir)
    settings = StackSettings(project.name, stack, ORGANIZATION, dict(project.config))
    # The pack imports pulumi in its own process while the program runs here: the two start-ups overlap.
    with PolicySession([pack_dir], settings, config_file) as session:
        say(f"Running the program in {project_dir} for stack {stack} under mocks...")
        run = run_program(project_dir, stack)
        say(f"Analyzing {len(run.resources)} resources with the policy pack...")
        analysis = session.analyze(run)
    files = (str(config_file),) if config_file else ()
    if independent is not None:
        say("Running Checkov and the IAM linter...")
    return build_review(
        from_program_run(run),
        from_analysis(analysis, run.project, run.stack),
        catalogue,
        _sources(project_dir, project.main),
        mode="offline preview",
        files=files,
        acceptance=_acceptance(project_dir, cucumber),
        generated_at=generated_at,
        independent=independent,
        project_dir=project_dir,
        iam_usage=iam_usage,
    )


def review_from_files(
    project_dir: Path,
    event_log: Path,
    stack_export: Path,
    pack_dir: Path,
    *,
    stack: str | None = None,
    cucumber: Path | None = None,
    generated_at: str = "",
    independent: IndependentOptions | None = None,
    iam_usage: IamUsage | None = None,
) -> ReviewModel:
    """Review a real deployment from ``pulumi preview --event-log`` and ``pulumi stack export`` files."""
    verdicts = load_event_log(event_log)
    state = load_stack_export(stack_export)
    if (state.project, state.stack) != (verdicts.project, verdicts.stack):
        raise ReviewInputError(
            f"{stack_export}: a stack export of {state.project}/{state.stack}, but {event_log} is a preview of "
            f"{verdicts.project}/{verdicts.stack}"
        )
    if stack is not None and stack != state.stack:
        raise ReviewInputError(f"{event_log} and {stack_export} are of stack {state.stack}, not {stack} (--stack)")
    return build_review(
        state,
        verdicts,
        load_catalogue(pack_dir),
        _sources(project_dir, _program_entry(project_dir)),
        mode="event log and stack export",
        files=(str(event_log), str(stack_export)),
        acceptance=_acceptance(project_dir, cucumber),
        generated_at=generated_at,
        independent=independent,
        project_dir=project_dir,
        iam_usage=iam_usage,
    )


def _sources(project_dir: Path, main: Path) -> SourceIndex:
    entry = main / "__main__.py" if main.is_dir() else main
    return SourceIndex(main, entry, find_source_root(project_dir))


def _program_entry(project_dir: Path) -> Path:
    """Pulumi.yaml's ``main`` (the CLI's default is the project directory); no stack config is needed for this."""
    try:
        document = yaml.safe_load((project_dir / "Pulumi.yaml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return project_dir
    main = document.get("main") if isinstance(document, dict) else None
    return (project_dir / str(main or ".")).resolve()


def _acceptance(project_dir: Path, cucumber: Path | None) -> Acceptance | None:
    if cucumber is not None:
        return load_acceptance(cucumber)  # asked for by name: a missing file is an error
    default = project_dir / DEFAULT_CUCUMBER
    return load_acceptance(default, str(DEFAULT_CUCUMBER)) if default.exists() else None
