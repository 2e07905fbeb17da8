"""fraudctl: one entry point, one subcommand per job. Exit codes: 0 ok, 1 policy violations, 2 could not run."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from fraudctl.commands import local, preview, review, simulate


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fraudctl",
        description=(
            "The fraud-detection project's command line: offline preview with policies, local mode, reviews, "
            "simulated traffic."
        ),
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    preview.register(commands)
    review.register(commands)
    local.register(commands)
    simulate.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except KeyboardInterrupt:
        print("fraudctl: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
