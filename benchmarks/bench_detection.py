"""Detection quality on the published transaction simulator, through the analyzer's own domain code.

    .venv/bin/python benchmarks/bench_detection.py [--seed-offset N] [--tie-orders N]

1. Simulates the handbook's data set (seed offset 0: the published one, 1,754,155 transactions).
2. Replays, in time order, only what the 4 test windows need: 37 warm-up days (the 30-day customer history and the
   7-day label delay), then the windows' 28 days. Every transaction goes through `fraud_domain.scoring.analyse`
   with the history the analyzer Lambda builds; each fraud's label reaches the detectors 7 days after it.
3. Prints AUC, AP and Card Precision@100 per window and their mean, for the analyzer and for the rule
   "amount > 220" (the same harness), beside the published baselines; then how many transactions the analyzer
   alerts (HIGH) and flags (MEDIUM or HIGH) on the scored days. A reference row, not a detector: the analyzer's
   order with every fraud it gave any points to ranked first (an oracle that reads the labels): the CP@100 its
   evidence allows at most. The last line is the analyzer's mean.

Progress goes to stderr; the figures to stdout. See docs/detection-benchmark.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "functions"), str(ROOT)]  # fraud_domain, as the Lambda imports it

import numpy as np  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from fraudctl.simulator.baselines import PUBLISHED, TARGET  # noqa: E402
from fraudctl.simulator.dataset import simulate  # noqa: E402
from fraudctl.simulator.detectors import AmountAbove, AnalyzerDetector  # noqa: E402
from fraudctl.simulator.evaluation import (  # noqa: E402
    HANDBOOK_WINDOWS,
    TIE_ORDERS,
    evaluate_window,
    evidence_first,
    mean_of,
)
from fraudctl.simulator.replay import WARMUP_DAYS, replay, span_for  # noqa: E402
from fraudctl.simulator.spec import SimulationSpec  # noqa: E402

EVIDENCE_FIRST = "(reference) analyzer, frauds with any points first"
MAX_SEED_OFFSET = 2**32 - 1 - 5_000  # NumPy seeds stop at 2**32 - 1; customer ids add up to 4,999


def _bounded(low: int, high: int):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected an integer, got {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be from {low} to {high}, got {value}")
        return value

    return parse


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--seed-offset",
        type=_bounded(0, MAX_SEED_OFFSET),
        default=0,
        help="shift every simulator seed by N (0: the published data set)",
    )
    parser.add_argument(
        "--tie-orders",
        type=_bounded(1, 1000),
        default=TIE_ORDERS,
        help=f"random orders of equal scores CP@100 is averaged over (default {TIE_ORDERS})",
    )
    return parser.parse_args(argv)


def _figures(auc: float, ap: float, cp: float) -> list[str]:
    return [f"{auc:.3f}", f"{ap:.3f}", f"{cp:.3f}"]


def _results_table(results: dict[str, list], means: dict[str, tuple[float, float, float]]) -> Table:
    table = Table(title="Detection on the 4 test windows (this harness)", title_justify="left")
    for column in ("window", "detector", "AUC", "AP", "CP@100", "test transactions", "frauds"):
        table.add_column(column, justify="left" if column in ("window", "detector") else "right")
    for i, window in enumerate(HANDBOOK_WINDOWS):
        for name, per_window in results.items():
            r = per_window[i]
            table.add_row(
                window.label, name, *_figures(r.auc, r.ap, r.cp_at_100), f"{r.transactions:,}", f"{r.frauds:,}"
            )
        table.add_section()
    for name, mean in means.items():
        table.add_row("mean of 4 windows", name, *_figures(*mean), "", "")
    return table


def _published_table() -> Table:
    table = Table(title="Published baselines (test week 2018-08-08..14; mean of 4 windows)", title_justify="left")
    for column in ("model", "AUC", "AP", "CP@100", "source"):
        table.add_column(column, justify="left" if column in ("model", "source") else "right")
    for result in PUBLISHED:
        cells = []
        for metric in range(3):
            week = f"{result.test_week[metric]:.3f}" if result.test_week else "-"
            mean = f" ({result.windows_mean[metric]:.3f})" if result.windows_mean else ""
            cells.append(week + mean)
        table.add_row(result.model, *cells, result.source)
    table.add_row("issue 10's target", *(f"- (>= {value:.2f})" for value in TARGET), "issue 10")
    return table


def _levels_table(data, analyzer_scores, config) -> Table:
    """How often the analyzer flags (MEDIUM or HIGH) and alerts (HIGH) on the scored days, and how right it is."""
    scored = ~np.isnan(analyzer_scores)
    scores, fraud = analyzer_scores[scored], data.fraud[scored]
    days = len(np.unique(data.days[scored]))
    table = Table(title=f"Risk levels on the {days} scored days (every transaction)", title_justify="left")
    for column in ("level", "from score", "transactions", "rate", "per day", "of them fraud", "frauds caught"):
        table.add_column(column, justify="left" if column == "level" else "right")
    for level, cut in (("HIGH (alerted)", config.high_risk_from), ("MEDIUM+ (flagged)", config.medium_risk_from)):
        hit = scores >= cut
        table.add_row(
            level,
            str(cut),
            f"{int(hit.sum()):,}",
            f"{100 * hit.mean():.2f} %",
            f"{hit.sum() / days:.0f}",
            f"{100 * fraud[hit].mean():.1f} %" if hit.any() else "-",
            f"{100 * hit[fraud].mean():.1f} %",
        )
    return table


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    out, progress = Console(width=130), Console(stderr=True, highlight=False)
    started = time.perf_counter()
    data = simulate(SimulationSpec(seed_offset=args.seed_offset))
    frauds = int(data.fraud.sum())
    out.print(
        f"Simulated data set, seed offset {args.seed_offset}: {len(data):,} transactions, {frauds:,} frauds "
        f"({100 * frauds / len(data):.3f} %), by scenario {list(data.scenario_counts().values())}, "
        f"in {time.perf_counter() - started:.1f} s"
    )
    span = span_for(data, HANDBOOK_WINDOWS)
    in_span = int(((data.days >= span.first_day) & (data.days <= span.last_day)).sum())
    out.print(
        f"Replaying {in_span:,} of {len(data):,} transactions, {data.date_of(span.first_day)} to "
        f"{data.date_of(span.last_day)}: {WARMUP_DAYS} warm-up days (30-day customer history, 7-day label delay), "
        "then the 4 test windows (only these are scored)"
    )
    analyzer = AnalyzerDetector()
    detectors = [analyzer, AmountAbove()]
    replay_started = time.perf_counter()
    scores = replay(data, span, detectors, progress=progress.print)
    out.print(
        f"Replay: {time.perf_counter() - replay_started:.0f} s for {len(detectors)} detectors; "
        f"{len(analyzer.labels):,} fraud labels fed back 7 days after their transactions"
    )
    scores[EVIDENCE_FIRST] = evidence_first(scores[analyzer.name], data.fraud)
    results = {
        name: [evaluate_window(data, w, scored, args.tie_orders) for w in HANDBOOK_WINDOWS]
        for name, scored in scores.items()
    }
    means = {name: mean_of(per_window) for name, per_window in results.items()}
    out.print(_results_table(results, means))
    out.print(f"CP@100 of tied scores: mean over {args.tie_orders} random orders of the ties.")
    out.print(
        f"{EVIDENCE_FIRST}: not a detector, an oracle that reads the labels. The frauds it still misses got no "
        "points at all (mostly a compromised terminal's first 7 days, before any of its labels has arrived)."
    )
    out.print(_levels_table(data, scores[analyzer.name], analyzer.config))
    out.print(_published_table())
    out.print(f"Total {time.perf_counter() - started:.0f} s.")
    auc, ap, cp = means[analyzer.name]
    print(f"mean of 4 windows: AUC {auc:.3f} AP {ap:.3f} CP@100 {cp:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
