"""The first sections: the summary verdict, the findings, and every policy with its outcome."""

from __future__ import annotations

from .document import VERDICT_STYLE, Block, Bullets, Paragraph, Section, Table, cell, status_cell
from .model import ReviewModel

MAX_LISTED = 6  # resources named per policy before "... (N in total)"


def summary_section(model: ReviewModel) -> Section:
    s, source = model.summary, model.source
    levels = dict(s.findings_by_level)
    blocks: list[Block] = [
        Paragraph(f"Verdict: {s.verdict}", VERDICT_STYLE.get(s.verdict, "strong")),
        Paragraph(
            f"{levels.get('mandatory', 0)} mandatory and {levels.get('advisory', 0)} advisory findings; "
            f"{s.policies_total} policies, {s.policies_failed} failing; {s.resources} resources "
            f"({s.aws_resources} AWS resources)."
        ),
        Paragraph(
            f"Project {source.project}, stack {source.stack}, region {source.region or 'unknown'}; "
            f"source: {source.mode}; policy packs: {', '.join(source.packs) or 'none'}."
        ),
    ]
    if source.files:
        blocks.append(Paragraph("Input files: " + ", ".join(source.files) + "."))
    blocks.append(
        Table(
            ("severity", "mandatory findings", "advisory findings"),
            tuple((cell(sev or "unspecified"), cell(m), cell(a)) for sev, m, a in s.findings_by_severity),
        )
    )
    blocks.append(
        Table(
            ("enforcement level", "policies", "passed", "failed"),
            tuple(
                (cell(level), cell(total), cell(passed), cell(failed))
                for level, total, passed, failed in s.policies_by_level
            ),
        )
    )
    if source.notes:
        blocks.append(Bullets(tuple(cell(note, style="warn") for note in source.notes)))
    if model.generated_at:
        blocks.append(Paragraph(f"Generated at {model.generated_at}.", "muted"))
    return Section("summary", "Summary", tuple(blocks))


def findings_section(model: ReviewModel) -> Section:
    if not model.findings:
        return Section("findings", "Findings", (Paragraph("No policy reported a violation."),))
    rows = tuple(
        (
            cell(f.level, style="fail" if f.level == "mandatory" else "warn"),
            cell(f.severity or "unspecified"),
            cell(f.policy, style="code"),
            cell(f"{f.resource_type.rsplit(':', 1)[-1]} {f.resource_name}"),
            cell(f.message or f.description),
            cell(f"{f.location.path}:{f.location.line}", style="code"),
        )
        for f in model.findings
    )
    headers = ("level", "severity", "policy", "resource", "message", "declared at")
    return Section("findings", "Findings", (Table(headers, rows),))


def policies_section(model: ReviewModel) -> Section:
    rows = []
    for p in model.policies:
        covered = list(p.covered[:MAX_LISTED])
        if len(p.covered) > MAX_LISTED:
            covered.append(f"... ({len(p.covered)} in total)")
        rows.append(
            (
                cell(p.name, style="code"),
                status_cell(p.status, p.level),
                cell(p.level),
                cell(p.severity),
                cell(p.origin),
                cell(p.description),
                cell(*covered) if covered else cell("none in this stack", style="muted"),
                cell(*p.fsbp),
                cell(*p.checkov),
            )
        )
    headers = ("policy", "result", "level", "severity", "origin", "checks", "resources covered", "FSBP", "Checkov")
    intro = Paragraph(f"Every policy of the pack, with its outcome on this stack ({len(rows)} policies).")
    return Section("policies", "Policies", (intro, Table(headers, tuple(rows))))
