"""fraudctl: one entry point, one subcommand per job. Exit codes: 0 ok, 1 policy violations, 2 could not run
(including any error inside fraudctl itself: its traceback is behind --debug)."""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence

from fraudctl.commands import export, local, preview, review, simulate


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fraudctl",
        description=(
            "The fraud-detection project's command line: offline preview with policies, local mode, reviews, "
            "simulated traffic."
        ),
    )
    parser.add_argument("--debug", action="store_true", help="on an internal error, print the traceback")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    preview.register(commands)
    review.register(commands)
    local.register(commands)
    export.register(commands)
    simulate.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except KeyboardInterrupt:
        print("fraudctl: interrupted", file=sys.stderr)
        return 130
    except Exception as err:  # a bug in fraudctl is "could not run" (2), never a policy verdict (1)
        if args.debug:
            traceback.print_exc()
        print(f"fraudctl: internal error: {type(err).__name__}: {err}", file=sys.stderr)
        if not args.debug:
            print("fraudctl: run again with --debug for the traceback", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
