"""The sections about operating the stack: logging and monitoring, the inventory, the acceptance evidence."""

from __future__ import annotations

from .document import Block, Bullets, Paragraph, Section, Subheading, Table, cell, status_cell
from .model import ReviewModel


def _days(days: int | None) -> str:
    return f"{days} days" if days else "never expires"


def monitoring_section(model: ReviewModel) -> Section:
    m = model.monitoring
    groups = tuple(
        (
            cell(g.name, style="code"),
            cell(g.log_group),
            cell(_days(g.retention_days)),
            cell(g.written_by),
            cell(g.encryption),
        )
        for g in m.log_groups
    )
    functions = tuple(
        (
            cell(f.function, style="code"),
            cell(f.log_group),
            cell(_days(f.retention_days)),
            cell(f.tracing),
            cell(*f.alarms) if f.alarms else cell("none", style="flag"),
            cell("yes", style="pass") if f.error_rate_alarm else cell("no", style="fail"),
        )
        for f in m.functions
    )
    alarms = tuple((cell(a.name, style="code"), cell(a.watches), cell(a.condition), cell(*a.actions)) for a in m.alarms)
    blocks: list[Block] = [
        Subheading("Log groups"),
        Table(("log group", "name", "retention", "written by", "encryption"), groups),
        Subheading("Functions"),
        Table(("function", "log group", "retention", "tracing", "alarms", "error-rate alarm"), functions),
        Subheading("Alarms"),
        Table(("alarm", "watches", "fires when", "notifies"), alarms),
        Subheading("Other audit trails"),
        Bullets(tuple(cell(fact) for fact in m.other)),
    ]
    return Section("monitoring", "Logging and monitoring", tuple(blocks))


def inventory_section(model: ReviewModel) -> Section:
    rows = tuple(
        (
            cell(item.component or "(stack)"),
            cell(item.type, style="code"),
            cell(item.name, style="code"),
            cell(item.physical_id),
            cell(*(f"{k}={v}" for k, v in item.tags)) if item.taggable else cell("does not take tags", style="muted"),
            cell(*item.missing_tags, style="flag") if item.missing_tags else cell("-", style="muted"),
            cell(f"{item.location.path}:{item.location.line}", style="code"),
        )
        for item in model.inventory
    )
    intro = Paragraph(
        f"{len(rows)} resources. Effective tags are the resource's own tags over its provider's default tags."
    )
    headers = ("component", "type", "name", "physical id", "effective tags", "missing required tags", "declared at")
    return Section("inventory", "Resource inventory", (intro, Table(headers, rows)))


def acceptance_section(model: ReviewModel) -> Section:
    a = model.acceptance
    title = "Acceptance evidence"
    if a is None:
        text = "No acceptance report found (run the acceptance tests with --cucumberjson reports/cucumber.json)."
        return Section("acceptance", title, (Paragraph(text, "muted"),))
    summary = Paragraph(
        f"{a.file} (sha256 {a.sha256[:12]}): {a.features} features, {a.passed} scenarios passed, {a.failed} failed, "
        f"{a.skipped} skipped, {a.duration_s:g} s of steps."
    )
    rows = tuple(
        (
            cell(s.feature),
            cell(s.name),
            status_cell("pass" if s.status == "passed" else "fail" if s.status == "failed" else s.status),
            cell(*s.tags),
            cell(s.steps),
            cell(s.error),
        )
        for s in a.scenarios
    )
    return Section(
        "acceptance", title, (summary, Table(("feature", "scenario", "result", "tags", "steps", "error"), rows))
    )
