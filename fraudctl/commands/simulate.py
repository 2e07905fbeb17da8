"""`fraudctl simulate`: the published transaction simulator's traffic as `POST /transactions` bodies (JSON lines).

For replaying realistic traffic through the API (local mode or a deployed stack): the handbook's data set
(docs/detection-benchmark.md), or another one with `--seed-offset`. Transactions the API would refuse (amount 0.00)
are left out and counted.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from rich.console import Console

from fraudctl.commands import EXIT_ERROR, EXIT_OK
from fraudctl.simulator.api_bodies import BodyCount, api_bodies
from fraudctl.simulator.dataset import simulate
from fraudctl.simulator.spec import SimulationSpec


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "simulate",
        help="write simulated card transactions as POST /transactions bodies (JSON lines)",
        description="Simulate the fraud handbook's card transactions (Le Borgne et al. 2022; seed offset 0 is the "
        "published data set) and write the chosen days as POST /transactions bodies, one JSON object per line, in "
        "time order.",
    )
    parser.add_argument("--seed-offset", type=int, default=0, help="shift every simulator seed by N (default 0)")
    parser.add_argument(
        "--from",
        dest="first_date",
        type=date.fromisoformat,
        default=None,
        metavar="YYYY-MM-DD",
        help="first day to write (default: the first simulated day, 2018-04-01)",
    )
    parser.add_argument("--days", type=int, default=1, help="how many days to write (default 1; ~9,600 a day)")
    parser.add_argument("--out", type=Path, default=None, help="output file (default: standard output)")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    errors = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        spec = SimulationSpec(seed_offset=args.seed_offset)
    except ValueError as error:
        errors.print(f"[bold red]error:[/] {error}")
        return EXIT_ERROR
    first_day = 0 if args.first_date is None else (args.first_date - spec.start.date()).days
    if args.days < 1 or first_day < 0 or first_day + args.days > spec.n_days:
        errors.print(
            f"[bold red]error:[/] the simulated days are {spec.start.date()} and the {spec.n_days - 1} after it; "
            "choose --from and --days (>= 1) inside them"
        )
        return EXIT_ERROR
    if args.out is not None and not args.out.parent.is_dir():
        errors.print(f"[bold red]error:[/] {args.out.parent} is not a directory")
        return EXIT_ERROR
    started = time.perf_counter()
    dataset = simulate(spec)
    count = BodyCount()
    lines = api_bodies(dataset, first_day, args.days, count)
    if args.out is None:
        for line in lines:
            sys.stdout.write(line + "\n")
    else:
        _write_whole(args.out, lines)
    errors.print(
        f"{count.written:,} transactions written ({count.zero_amounts} with amount 0.00 left out) "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return EXIT_OK


def _write_whole(path: Path, lines) -> None:
    """All or nothing: a temporary file beside the target, renamed over it when complete."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "w") as out:
            for line in lines:
                out.write(line + "\n")
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
