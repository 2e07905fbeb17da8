"""Wall time of `fraudctl preview` on the stack, beside the floor: a bare `python -c "import pulumi_aws"`.

Run: `make bench` or `.venv/bin/python benchmarks/bench_preview.py [--runs N]`. Each command runs as a fresh process,
as a user runs it; the median of N runs is reported, with the CPU time (user + system, the packs included) of the
same runs: on a machine shared with other work, wall time moves with the load, CPU time much less.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # measure this checkout's fraudctl, whichever one the venv has installed


def wall_and_cpu(command: list[str], runs: int) -> tuple[list[float], list[float]]:
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return walls, cpus


def breakdown(runs: int) -> Table:
    """In-process: program run, pack start and analysis of one preview, cold (first) and warm (later runs)."""
    from fraudctl.preview_pipeline import preview

    table = Table(title="fraudctl preview --policy-pack policies, in-process breakdown")
    for column in ("run", "program s", "pack start s", "analysis s", "Analyze calls", "ms / Analyze", "total s"):
        table.add_column(column, justify="right")
    for index in range(runs):
        started = time.perf_counter()
        result = preview(ROOT, "dev", [ROOT / "policies"], ROOT / "policies" / "config" / "dev.json")
        total = time.perf_counter() - started
        timings = result.analysis.timings
        table.add_row(
            "cold" if index == 0 else f"warm {index}",
            f"{result.program_s:.2f}",
            f"{timings.pack_start_s:.2f}",
            f"{timings.analyze_s:.2f}",
            str(timings.analyze_calls),
            f"{timings.analyze_mean_ms:.2f}",
            f"{total:.2f}",
        )
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    cases = {
        "floor: python -c 'import pulumi_aws'": [sys.executable, "-c", "import pulumi_aws"],
        "fraudctl preview --stack dev": [sys.executable, "-m", "fraudctl.cli", "preview", "--stack", "dev"],
    }
    cases["fraudctl preview --policy-pack policies"] = [
        *cases["fraudctl preview --stack dev"],
        "--policy-pack",
        "policies",
    ]
    table = Table(title=f"Offline preview wall time, median of {args.runs} runs")
    for column in ("command", "median s", "min s", "max s", "x floor", "cpu median s"):
        table.add_column(column, justify="right" if column != "command" else "left")
    floor = None
    for label, command in cases.items():
        times, cpus = wall_and_cpu(command, args.runs)
        median = statistics.median(times)
        floor = floor or median
        table.add_row(
            label,
            f"{median:.2f}",
            f"{min(times):.2f}",
            f"{max(times):.2f}",
            f"{median / floor:.1f}",
            f"{statistics.median(cpus):.2f}",
        )
    console = Console()
    console.print(table)
    console.print(breakdown(args.runs))


if __name__ == "__main__":
    main()
