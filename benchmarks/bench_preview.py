"""Wall time of `fraudctl preview` on the stack, beside the floor: a bare `python -c "import pulumi_aws"`.

Run: `make bench` or `.venv/bin/python benchmarks/bench_preview.py [--runs N]`. Each command runs as a fresh process,
as a user runs it; the median of N runs is reported.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]


def wall_time(command: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--policy-pack", action="append", default=[], help="also time preview with these packs")
    args = parser.parse_args()
    cases = {
        "floor: python -c 'import pulumi_aws'": [sys.executable, "-c", "import pulumi_aws"],
        "fraudctl preview --stack dev": [sys.executable, "-m", "fraudctl.cli", "preview", "--stack", "dev"],
    }
    for pack in args.policy_pack:
        cases[f"fraudctl preview --policy-pack {pack}"] = [
            sys.executable,
            "-m",
            "fraudctl.cli",
            "preview",
            "--stack",
            "dev",
            "--policy-pack",
            pack,
        ]
    table = Table(title=f"Offline preview wall time, median of {args.runs} runs")
    for column in ("command", "median s", "min s", "max s", "x floor"):
        table.add_column(column, justify="right" if column != "command" else "left")
    floor = None
    for label, command in cases.items():
        times = wall_time(command, args.runs)
        median = statistics.median(times)
        floor = floor or median
        table.add_row(label, f"{median:.2f}", f"{min(times):.2f}", f"{max(times):.2f}", f"{median / floor:.1f}")
    Console().print(table)


if __name__ == "__main__":
    main()
