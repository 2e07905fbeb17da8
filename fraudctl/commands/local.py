"""`fraudctl local`: the whole system on this machine, from the Pulumi program; `report` and `demo` beside it."""

from __future__ import annotations

import argparse
import json
import re
import signal
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape

from fraudctl.commands import EXIT_ERROR, EXIT_OK
from fraudctl.commands import EXIT_VIOLATIONS as EXIT_FAILED
from fraudctl.local.banner import print_banner
from fraudctl.local.control import call, read_state
from fraudctl.local.demo import run_demo
from fraudctl.local.errors import LocalModeError
from fraudctl.local.options import DEFAULT_PORT, STATE_DIR, LocalOptions
from fraudctl.local.streams import PollSettings
from fraudctl.local.system import LocalSystem


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "local",
        help="run the whole system on this machine (moto, the functions, the API, the stream, the schedule)",
        description="Serve the system the Pulumi program declares, locally: its tables, bucket and queue in an "
        "embedded moto, each function in its own worker process, the API as API Gateway answers, the stream "
        "mapping and the daily schedule. Ctrl-C stops everything.",
    )
    _project_options(parser)
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"the API's port (default {DEFAULT_PORT}; 0: any free)"
    )
    parser.add_argument("--moto-port", type=int, default=0, help="moto's port (default 0: any free port, printed)")
    parser.add_argument("--functions-dir", type=Path, help="run the handlers from this directory instead")
    parser.add_argument("--config", action="append", default=[], metavar="KEY=VALUE", help="override stack config")
    parser.add_argument("--concurrency", type=int, default=1, help="worker processes per function (default 1)")
    parser.add_argument("--no-schedules", action="store_true", help="do not fire schedules at their times")
    parser.add_argument(
        "--poll-ms", type=float, default=25.0, help="stream poll interval while records flow (default 25; idle: 250)"
    )
    parser.add_argument("--quiet", action="store_true", help="logs to files only, not to the console")
    parser.add_argument(
        "--no-iam-enforcement",
        action="store_true",
        help="run every function with local mode's own credentials and let moto allow every call (default: each "
        "function runs as its own role, IAM enforced, usage written to iam-usage.json at stop)",
    )
    parser.set_defaults(handler=handle_serve)
    actions = parser.add_subparsers(dest="local_command", metavar="ACTION")

    report = actions.add_parser("report", help="run the daily report now, on the running `fraudctl local`")
    report.add_argument("--date", default=None, help="the UTC day to report, YYYY-MM-DD (default: today)")
    _project_options(report)
    report.set_defaults(handler=handle_report)

    demo = actions.add_parser("demo", help="start, send normal and suspicious transactions, show analysis and report")
    _project_options(demo)
    demo.add_argument("--port", type=int, default=0, help="the API's port (default 0: any free port)")
    demo.set_defaults(handler=handle_demo)


def _project_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--cwd", type=Path, default=Path("."), help="the Pulumi project directory (default: .)")
    parser.add_argument("--stack", default="dev", help="the stack whose config to use (default: dev)")
    parser.add_argument("--state-dir", type=Path, help=f"where the state file and logs go (default: <cwd>/{STATE_DIR})")


def _consoles() -> tuple[Console, Console]:
    # Piped output (make run, CI logs) gets a wide page instead of rich's 80 columns, as `fraudctl preview` does.
    wide = None if Console().is_terminal else 200
    return Console(highlight=False, width=wide), Console(stderr=True, highlight=False, width=wide)


def handle_serve(args: argparse.Namespace) -> int:
    console, errors = _consoles()
    try:
        options = LocalOptions(
            port=args.port,
            moto_port=args.moto_port,
            config=_config(args.config),
            functions_dir=args.functions_dir,
            state_dir=args.state_dir,
            echo_logs=not args.quiet,
            concurrency=args.concurrency,
            schedules=not args.no_schedules,
            poll=PollSettings(interval_s=args.poll_ms / 1000),
            enforce_iam=not args.no_iam_enforcement,
        )
        with console.status(f"Starting {args.cwd} (stack {args.stack}) from its Pulumi program..."):
            system = LocalSystem.start(args.cwd, args.stack, options)
    except LocalModeError as err:
        errors.print(f"[bold red]error:[/] {escape(str(err))}")
        return EXIT_ERROR
    stopping = threading.Event()
    previous = signal.signal(signal.SIGTERM, lambda *_: stopping.set())  # `kill` stops as cleanly as Ctrl-C
    try:
        print_banner(system, console)
        while not stopping.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        console.print("\nStopping...")
        system.stop()
    console.print("Stopped: moto, the workers and the servers are gone.")
    return EXIT_OK


def handle_report(args: argparse.Namespace) -> int:
    console, errors = _consoles()
    day = args.date or datetime.now(UTC).date().isoformat()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
        errors.print(f"[bold red]error:[/] --date must be YYYY-MM-DD, got {day!r}")
        return EXIT_ERROR
    state_dir = (args.state_dir or args.cwd / STATE_DIR).resolve()
    try:
        state = read_state(state_dir)
        if state is None:
            raise LocalModeError(
                f"no running `fraudctl local` for this project (no live state in {state_dir}); start one first"
            )
        answer: dict[str, Any] = call(state, "report", {"date": day})
    except LocalModeError as err:
        errors.print(f"[bold red]error:[/] {escape(str(err))}")
        return EXIT_ERROR
    if "error" in answer:
        error = answer["error"]
        detail = f"{error.get('errorType')}: {error.get('errorMessage')}"
        errors.print(f"[bold red]the report function failed:[/] {escape(detail)}")
        return EXIT_FAILED
    console.print_json(json.dumps(answer["result"]))
    return EXIT_OK


def handle_demo(args: argparse.Namespace) -> int:
    console, errors = _consoles()
    try:
        run_demo(args.cwd, args.stack, args.port, console, args.state_dir)
    except (LocalModeError, TimeoutError) as err:
        errors.print(f"[bold red]demo failed:[/] {escape(str(err))}")
        return EXIT_FAILED
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """`python -m fraudctl.commands.local ...` runs `fraudctl local ...`, registered or not."""
    parser = argparse.ArgumentParser(prog="fraudctl")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["local", *(sys.argv[1:] if argv is None else argv)])
    return int(args.handler(args))


def _config(pairs: list[str]) -> dict[str, str]:
    config = {}
    for pair in pairs:
        key, separator, value = pair.partition("=")
        if not separator or not key:
            raise LocalModeError(f"--config expects KEY=VALUE, got {pair!r}")
        config[key] = value
    return config


if __name__ == "__main__":
    sys.exit(main())
