"""Derive the points per unit of the rules the simulator has fraud for, and write them as scoring configuration.

    .venv/bin/python scripts/derive_weights.py [--seed-offset 7] [--out functions/fraud_domain/scoring_weights.py]

Simulates the derivation data set (seed offset 7 by default; the benchmark's offsets 0 and 1 are refused), replays
it through the analyzer's domain code with labels fed back 7 days late (the benchmark's replay), fits a logistic
regression of fraud on the rules' units and writes `fraud_domain/scoring_weights.py` (fraudctl.simulator.derivation).
About 3 minutes on one core. Progress goes to stderr. See docs/detection-benchmark.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "functions"), str(ROOT)]  # fraud_domain, as the Lambda imports it

from fraudctl.simulator.dataset import simulate  # noqa: E402
from fraudctl.simulator.derivation import (  # noqa: E402
    BENCHMARK_SEED_OFFSETS,
    DERIVATION_SEED_OFFSET,
    fit_weights,
    record,
    weights_module,
)
from fraudctl.simulator.spec import SimulationSpec  # noqa: E402

DEFAULT_OUT = ROOT / "functions" / "fraud_domain" / "scoring_weights.py"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--seed-offset",
        type=int,
        default=DERIVATION_SEED_OFFSET,
        help=f"the derivation data set's simulator seed offset (default {DERIVATION_SEED_OFFSET})",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the weights module")
    return parser.parse_args(argv)


def _write_whole(path: Path, text: str) -> None:
    """All or nothing: a temporary file beside the target, renamed over it."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "w") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.seed_offset in BENCHMARK_SEED_OFFSETS:
        print(f"error: seed offset {args.seed_offset} is a benchmark data set; derive on another", file=sys.stderr)
        return 2
    if not args.out.parent.is_dir():
        print(f"error: {args.out.parent} is not a directory", file=sys.stderr)
        return 2
    started = time.perf_counter()
    try:
        dataset = simulate(SimulationSpec(seed_offset=args.seed_offset))
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2

    def progress(line: str) -> None:
        print(line, file=sys.stderr)

    fit = fit_weights(record(dataset, progress=progress))
    command = "scripts/derive_weights.py" + (
        "" if args.seed_offset == DERIVATION_SEED_OFFSET else f" --seed-offset {args.seed_offset}"
    )
    _write_whole(args.out, weights_module(fit, args.seed_offset, command))
    print(
        f"{args.out}: weights from {fit.transactions:,} transactions ({fit.frauds:,} frauds), intercept "
        f"{fit.intercept}, dropped {len(fit.dropped)} terms, in {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
