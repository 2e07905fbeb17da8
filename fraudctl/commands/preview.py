"""`fraudctl preview`: what `pulumi preview [--policy-pack ...]` would show, computed offline under mocks."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from rich.console import Console

from fraudctl.commands import EXIT_ERROR, EXIT_OK, EXIT_VIOLATIONS
from fraudctl.plan import render_plan
from fraudctl.policy_engine import PolicyEngineError, render_policies, write_event_log
from fraudctl.preview_pipeline import preview
from fraudctl.program.project import ProjectError
from fraudctl.program.runner import ProgramError


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "preview",
        help="run a Pulumi Python program under mocks, print its plan and its policy verdicts",
        description="Run a Pulumi Python program under AWS-like mocks (no cloud, no CLI), print the plan the way "
        "`pulumi preview` does, and run CrossGuard policy packs over their real gRPC protocol. "
        "Exit 0: clean or advisory only; 1: a mandatory violation; 2: the program or a pack could not run.",
    )
    parser.add_argument("--cwd", type=Path, default=Path.cwd(), help="the Pulumi project directory (default: .)")
    parser.add_argument(
        "--stack", default="dev", help="the stack whose Pulumi.<stack>.yaml gives config (default: dev)"
    )
    parser.add_argument(
        "--policy-pack",
        dest="policy_packs",
        type=Path,
        action="append",
        default=[],
        metavar="DIR",
        help="a policy pack directory to run (repeatable)",
    )
    parser.add_argument(
        "--policy-pack-config", type=Path, metavar="FILE", help="JSON policy config, as for `pulumi preview`"
    )
    parser.add_argument(
        "--event-log", type=Path, metavar="FILE", help="write engine events as JSON lines, like `--event-log`"
    )
    parser.set_defaults(handler=handle)


def plan_console() -> Console:
    # Piped output (CI logs, files) gets a wide page instead of rich's 80 columns, so rows never wrap.
    probe = Console()
    return Console(highlight=False, width=None if probe.is_terminal else 220)


def handle(args: argparse.Namespace) -> int:
    console = plan_console()
    errors = Console(stderr=True, highlight=False, soft_wrap=True)
    if args.policy_pack_config and not args.policy_packs:
        errors.print("[bold red]error:[/] --policy-pack-config needs at least one --policy-pack")
        return EXIT_ERROR
    started = time.perf_counter()
    try:
        with errors.status("Previewing...") as status:
            result = preview(
                args.cwd,
                args.stack,
                args.policy_packs,
                args.policy_pack_config,
                progress=lambda message: status.update(message),
            )
    except (ProjectError, ProgramError) as err:
        errors.print(f"[bold red]error:[/] the program could not run: {err}")
        return EXIT_ERROR
    except PolicyEngineError as err:
        errors.print(f"[bold red]error:[/] {err}")
        return EXIT_ERROR
    render_plan(result.run, console)
    exit_code = EXIT_OK
    if result.analysis is not None:
        console.print()
        render_policies(result.analysis, console)
        exit_code = EXIT_VIOLATIONS if result.analysis.has_mandatory_violations else EXIT_OK
        if args.event_log:
            write_event_log(args.event_log, result.run, result.analysis)
    console.print(f"\nDuration: {time.perf_counter() - started:.1f}s (offline, under mocks)", style="dim")
    if exit_code == EXIT_VIOLATIONS:
        errors.print("[bold red]error:[/] preview failed: mandatory policy violations (see Policies above)")
    return exit_code
