"""`fraudctl review`: the stack's security review as Markdown, HTML, JSON and SARIF 2.1.0.

Exit codes follow the CLI's: 0 the review was written and no mandatory policy failed (PASS, PASS WITH ADVISORIES),
1 the review was written and its verdict is FAIL, 2 it could not be produced (the message names the file at fault).
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console

from fraudctl.commands import EXIT_ERROR, EXIT_OK, EXIT_VIOLATIONS
from fraudctl.policy_engine import PolicyEngineError
from fraudctl.program.project import ProjectError
from fraudctl.program.runner import ProgramError
from fraudctl.review import ReviewInputError, review_from_files, review_offline, write_review
from fraudctl.review.iam_usage import load_iam_usage
from fraudctl.review.independent import IndependentOptions

DEFAULT_OUT = Path("reports") / "security-review"


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "review",
        help="write the stack's security review (Markdown, HTML, JSON, SARIF)",
        description="Review the stack and its policy verdicts: by default offline (the program under mocks and the "
        "policy pack over it), or from a real pipeline's `pulumi preview --event-log` and `pulumi stack export` "
        "files. Exits 1 when a mandatory policy fails, 2 when the review cannot be produced.",
    )
    parser.add_argument("--cwd", type=Path, default=Path.cwd(), help="the Pulumi project directory (default: .)")
    parser.add_argument("--stack", default=None, help="the stack (default: dev; checked against the files)")
    parser.add_argument("--policy-pack", type=Path, default=None, help="the policy pack (default: <cwd>/policies)")
    parser.add_argument("--policy-pack-config", type=Path, default=None, help="policy config JSON (offline mode)")
    parser.add_argument("--out", type=Path, default=None, help=f"output directory (default: <cwd>/{DEFAULT_OUT})")
    parser.add_argument("--event-log", type=Path, help="a `pulumi preview --policy-pack ... --event-log` file")
    parser.add_argument("--stack-export", type=Path, help="a `pulumi stack export` file of the same stack")
    parser.add_argument(
        "--cucumber-json", type=Path, help="acceptance report (default: <cwd>/reports/cucumber.json if present)"
    )
    parser.add_argument(
        "--generated-at", default=None, help="the generated-at text (default: now, UTC); fix it for identical re-runs"
    )
    parser.add_argument(
        "--checkov", type=Path, default=None, help="the Checkov executable (default: <cwd>/.venv-checkov/bin/checkov)"
    )
    parser.add_argument(
        "--iam-usage",
        type=Path,
        default=None,
        help="a local run's IAM usage file (`fraudctl local` writes .fraudctl/local/iam-usage.json at stop): "
        "the IAM matrix then says which grants the run used",
    )
    parser.add_argument(
        "--no-independent-checks",
        action="store_true",
        help="skip Checkov and the IAM linter (the review then says they did not run)",
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    errors = Console(stderr=True, highlight=False, soft_wrap=True)
    if (args.event_log is None) != (args.stack_export is None):
        errors.print("[bold red]error:[/] --event-log and --stack-export go together: give both, or neither")
        return EXIT_ERROR
    if args.event_log is not None and args.policy_pack_config is not None:
        errors.print("[bold red]error:[/] --policy-pack-config applies offline; the event log already has the levels")
        return EXIT_ERROR
    started = time.perf_counter()
    project_dir = args.cwd
    pack_dir = args.policy_pack or project_dir / "policies"
    generated_at = args.generated_at or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    out_dir = args.out or project_dir / DEFAULT_OUT
    # The plan Checkov read is kept beside the review, so a reviewer can run any plan reader on it too.
    independent = None if args.no_independent_checks else IndependentOptions(args.checkov, plan_dir=out_dir)
    try:
        usage = load_iam_usage(args.iam_usage) if args.iam_usage else None
        if args.event_log is not None:
            model = review_from_files(
                project_dir,
                args.event_log,
                args.stack_export,
                pack_dir,
                stack=args.stack,
                cucumber=args.cucumber_json,
                generated_at=generated_at,
                independent=independent,
                iam_usage=usage,
            )
        else:
            with errors.status("Reviewing the stack offline...") as status:
                model = review_offline(
                    project_dir,
                    args.stack or "dev",
                    pack_dir,
                    args.policy_pack_config,
                    cucumber=args.cucumber_json,
                    generated_at=generated_at,
                    progress=status.update,
                    independent=independent,
                    iam_usage=usage,
                )
        files = write_review(model, out_dir)
    except (ProgramError, ProjectError) as err:
        errors.print("[bold red]error:[/] the program could not run: ", end="")
        errors.print(str(err), markup=False)
        return EXIT_ERROR
    except (PolicyEngineError, ReviewInputError, OSError) as err:
        errors.print("[bold red]error:[/] ", end="")
        errors.print(str(err), markup=False)
        return EXIT_ERROR
    summary = model.summary
    levels = dict(summary.findings_by_level)
    out = sys.stdout
    out.write(
        f"Security review of {model.source.project}/{model.source.stack}: {summary.verdict} "
        f"({levels.get('mandatory', 0)} mandatory, {levels.get('advisory', 0)} advisory findings; "
        f"{time.perf_counter() - started:.1f}s)\n"
    )
    if model.independent is not None:
        counts = model.independent.counts()
        out.write(
            f"Independent checks: {len(model.independent.findings)} failures ({counts['gap']} gaps, "
            f"{counts['accepted exception']} accepted exceptions, {counts['covered']} covered by the pack)\n"
        )
    for path in files.all():
        out.write(f"  {path}\n")
    return EXIT_VIOLATIONS if summary.verdict == "FAIL" else EXIT_OK
