"""The "Independent checks" section: what Checkov and the IAM linter found, each failure classified against the pack."""

from __future__ import annotations

from .document import Block, Bullets, Paragraph, Section, Subheading, Table, cell
from .model import ReviewModel

STYLE = {"gap": "fail", "covered": "pass", "accepted exception": "warn"}
TITLE = "Independent checks"


def independent_section(model: ReviewModel) -> Section:
    checks = model.independent
    if checks is None:
        return Section("independent", TITLE, (Paragraph("Not run (the review was asked to skip them)."),))
    counts = checks.counts()
    blocks: list[Block] = [
        Paragraph(
            "A second opinion from tools reviewers know. Checkov reads the stack as a Terraform plan "
            "(`fraudctl export --format terraform-plan`); parliament checks every IAM policy document against AWS's "
            "action database. Each failure is covered by one of our policies (the pack reports it too), an accepted "
            "exception (the same list as the coverage table), or a gap."
        ),
        Paragraph(
            f"{len(checks.findings)} failures: {counts['gap']} gaps, {counts['accepted exception']} accepted "
            f"exceptions, {counts['covered']} covered by the pack.",
            "strong",
        ),
        Table(
            ("tool", "version", "checked", "passed", "failed", "how to repeat"),
            tuple(
                (
                    cell(run.tool),
                    cell(run.version or "-"),
                    cell(run.checked or "not run"),
                    cell(run.passed),
                    cell(run.failed),
                    cell(run.command, style="code") if run.command else cell("-", style="muted"),
                )
                for run in checks.runs
            ),
        ),
    ]
    notes = [note for run in checks.runs for note in run.notes]
    if notes:
        blocks.append(Bullets(tuple(cell(note, style="muted") for note in notes)))
    for classification, heading in (
        ("gap", "Gaps"),
        ("accepted exception", "Accepted exceptions"),
        ("covered", "Covered by the pack"),
    ):
        found = [f for f in checks.findings if f.classification == classification]
        blocks.append(Subheading(f"{heading} ({len(found)})"))
        blocks.append(
            Table(
                ("tool", "check", "resource", "what failed", "our policies", "why"),
                tuple(
                    (
                        cell(f.tool),
                        cell(f.check, style=STYLE[classification]),
                        cell(f"{f.resource_type.rsplit(':', 1)[-1]} {f.resource_name}"),
                        cell(f.title, f.detail),
                        cell(*f.policies, style="code") if f.policies else cell("-", style="muted"),
                        cell(f.reason),
                    )
                    for f in found
                ),
            )
        )
    return Section("independent", TITLE, tuple(blocks))
