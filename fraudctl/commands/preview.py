"""`fraudctl preview`: what `pulumi preview` would show, computed offline under mocks."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from rich.console import Console

from fraudctl.plan import render_plan
from fraudctl.program.project import ProjectError
from fraudctl.program.runner import ProgramError, run_program

EXIT_OK, EXIT_ERROR = 0, 2


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "preview",
        help="run a Pulumi Python program under mocks and print its plan",
        description="Run a Pulumi Python program under AWS-like mocks (no cloud, no CLI) and print the plan "
        "the way `pulumi preview` does.",
    )
    parser.add_argument("--cwd", type=Path, default=Path.cwd(), help="the Pulumi project directory (default: .)")
    parser.add_argument(
        "--stack", default="dev", help="the stack whose Pulumi.<stack>.yaml gives config (default: dev)"
    )
    parser.set_defaults(handler=handle)


def plan_console() -> Console:
    # Piped output (CI logs, files) gets a wide page instead of rich's 80 columns, so rows never wrap.
    probe = Console()
    return Console(highlight=False, width=None if probe.is_terminal else 220)


def handle(args: argparse.Namespace) -> int:
    console = plan_console()
    errors = Console(stderr=True, highlight=False, soft_wrap=True)
    started = time.perf_counter()
    try:
        with errors.status(f"Running the program in {args.cwd} for stack {args.stack} under mocks..."):
            run = run_program(args.cwd, args.stack)
    except (ProjectError, ProgramError) as err:
        errors.print(f"[bold red]error:[/] the program could not run: {err}")
        return EXIT_ERROR
    render_plan(run, console)
    console.print(f"\nDuration: {time.perf_counter() - started:.1f}s (offline, under mocks)", style="dim")
    return EXIT_OK
