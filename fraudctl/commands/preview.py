"""`fraudctl preview`: what `pulumi preview [--policy-pack ...]` would show, computed offline under mocks."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from rich.console import Console

from fraudctl.commands import EXIT_ERROR, EXIT_OK, EXIT_VIOLATIONS
from fraudctl.plan import diagnostic_lines, render_plan, write_plain
from fraudctl.policy_engine import PolicyEngineError, render_policies, write_event_log
from fraudctl.preview_pipeline import preview
from fraudctl.program.model import LogEntry, ProgramRun
from fraudctl.program.project import ProjectError
from fraudctl.program.runner import DEFAULT_TIMEOUT_S, ORGANIZATION, ProgramError
from fraudctl.program.toolchain import ToolchainError


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "preview",
        help="run a Pulumi Python program under mocks, print its plan and its policy verdicts",
        description="Run a Pulumi Python program under AWS-like mocks (no cloud, no CLI), in the interpreter its "
        "Pulumi.yaml selects, print the plan the way `pulumi preview` does, and run CrossGuard policy packs over "
        "their real gRPC protocol. Exit 0: clean or advisory only; 1: a mandatory violation; 2: the program, a "
        "pack or fraudctl itself could not run.",
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
    parser.add_argument(
        "--stack-reference-outputs",
        type=Path,
        metavar="FILE",
        help='outputs of the stacks the program references, as JSON: {"org/project/stack": {"name": value}}',
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT_S,
        metavar="SECONDS",
        help=f"wall-clock limit of the program run (default: {DEFAULT_TIMEOUT_S:g})",
    )
    parser.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks")
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
    try:
        references = _stack_references(args.stack_reference_outputs)
    except ValueError as err:
        errors.print(f"[bold red]error:[/] {err}", markup=True)
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
                stack_references=references,
                timeout=args.timeout or None,
            )
    except ProgramError as err:
        _report_program_failure(err, args, errors)
        if err.timed_out:  # the program's threads may still be blocked: leave without waiting for them
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(EXIT_ERROR)
        return EXIT_ERROR
    except (ProjectError, ToolchainError) as err:
        errors.print("[bold red]error:[/] the program could not run: ", end="")
        errors.print(str(err), markup=False)
        return EXIT_ERROR
    except PolicyEngineError as err:
        errors.print("[bold red]error:[/] ", end="")
        errors.print(str(err), markup=False)
        return EXIT_ERROR
    analysis = result.analysis
    render_plan(result.run, console, (lambda c: render_policies(analysis, c)) if analysis is not None else None)
    exit_code = EXIT_OK
    if analysis is not None:
        exit_code = EXIT_VIOLATIONS if analysis.has_mandatory_violations else EXIT_OK
        if args.event_log:
            try:
                write_event_log(args.event_log, result.run, analysis)
            except OSError as err:
                errors.print("[bold red]error:[/] cannot write the event log: ", end="")
                errors.print(f"{args.event_log}: {err.strerror or err}", markup=False)
                return EXIT_ERROR
    console.print(f"\nDuration: {time.perf_counter() - started:.1f}s (offline, under mocks)", style="dim")
    if exit_code == EXIT_VIOLATIONS:
        errors.print("[bold red]error:[/] preview failed: mandatory policy violations (see Policies above)")
    return exit_code


def _report_program_failure(err: ProgramError, args: argparse.Namespace, errors: Console) -> None:
    """The CLI's "Diagnostics:" block (what the program logged, then its error), on stderr."""
    stack = next((r for r in err.declared if r.type == "pulumi:pulumi:Stack"), None)
    project = stack.name.removesuffix(f"-{args.stack}") if stack else args.cwd.resolve().name
    logs = err.logs if any(e.severity == "error" for e in err.logs) else (*err.logs, LogEntry("error", str(err)))
    run = ProgramRun(project, args.stack, ORGANIZATION, {}, err.declared, {}, logs=logs)
    errors.print("Diagnostics:", style="bold")
    write_plain(errors, diagnostic_lines(run))
    errors.print("[bold red]error:[/] the program could not run (see Diagnostics above)")


def _stack_references(path: Path | None) -> dict[str, dict[str, Any]] | None:
    if path is None:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise ValueError(f"--stack-reference-outputs {path}: {err.strerror or err}") from None
    except json.JSONDecodeError as err:
        raise ValueError(f"--stack-reference-outputs {path}: not valid JSON: {err}") from None
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise ValueError(f'--stack-reference-outputs {path}: expected {{"org/project/stack": {{"output": value}}}}')
    return data
