"""The sections about the stack's security posture: control coverage, IAM, data protection, network exposure."""

from __future__ import annotations

from .document import Block, Bullets, Cell, Paragraph, Section, Subheading, Table, cell, status_cell
from .model import ControlRow, ReviewModel
from .model_sections import IamGrant


def coverage_section(model: ReviewModel) -> Section:
    c = model.coverage
    title = "Control coverage (FSBP, other standards, Checkov)"
    if not c.fsbp and not c.other and not c.checkov:
        return Section("coverage", title, (Paragraph("The pack ships no controls.json."),))
    stack = model.source.stack
    figures = tuple(
        (
            cell(f.standard),
            cell(f.scope),
            cell(f"{f.exact} of {f.applicable}" + (f" ({f.percent_exact:g} %)" if f.percent_exact is not None else "")),
            cell(str(f.partial)),
            cell(str(f.excepted), style="warn" if f.excepted else ""),
            cell(str(f.open), style="flag" if f.open else ""),
            cell(str(f.not_checkable)),
        )
        for f in c.figures
    )
    fsbp = next((f for f in c.figures if f.standard == "FSBP" and f.scope == "pack"), None)
    here = next((f for f in c.figures if f.standard == "FSBP" and f.scope != "pack"), None)
    summary = (
        f"FSBP: the pack checks {fsbp.exact} of {fsbp.applicable} applicable controls exactly "
        f"({fsbp.percent_exact:g} %); in stack {stack}, {here.exact} are checked and met, {here.excepted} are "
        f"accepted exceptions, {here.open} open finding(s), {here.not_checkable} not checkable before deploy "
        f"(catalogue v{c.catalogue_version})."
        if fsbp and here and fsbp.percent_exact is not None
        else "The catalogue enumerates no standard's applicable controls: no share is claimed."
    )
    blocks: list[Block] = [
        Paragraph(summary),
        Table(
            (
                "standard",
                "scope",
                "checked exactly",
                "partially",
                "accepted exceptions",
                "open findings",
                "not checkable before deploy",
            ),
            figures,
        ),
        Subheading("AWS Foundational Security Best Practices"),
        Table(("control", "title", "pack", f"in {stack}", "checked by / reason", "result here"), _control_rows(c.fsbp)),
    ]
    if c.other:
        blocks += [
            Subheading("Controls of other standards (listed, not enumerated)"),
            Table(
                ("control", "standards", "pack", f"in {stack}", "checked by / reason", "result here"),
                _control_rows(c.other, standards=True),
            ),
        ]
    checkov_rows = tuple(
        (
            cell(row.control),
            cell(row.status, style={"not implemented": "muted", "accepted exception": "warn"}.get(row.status, "")),
            cell(*row.policies, style="code") if row.policies else cell(row.reason),
            status_cell(row.result) if row.result else cell("-", style="muted"),
        )
        for row in c.checkov
    )
    exception_rows = tuple((cell(e.control), cell(e.reason), cell(*e.observed)) for e in c.exceptions)
    blocks += [
        Subheading("Checkov checks"),
        Table(("check", "status", "covered by / reason", "result here"), checkov_rows),
        Subheading("Accepted exceptions and open findings"),
        Table(("control", "reason", "observed in this stack"), exception_rows),
    ]
    return Section("coverage", title, tuple(blocks))


def _control_rows(rows: tuple[ControlRow, ...], standards: bool = False) -> tuple[tuple, ...]:
    def style(status: str) -> str:
        return {"accepted exception": "warn", "open finding": "flag"}.get(status, "muted" if "not" in status else "")

    return tuple(
        (
            cell(row.control),
            cell(row.framework if standards else row.title),
            cell(row.status, style=style(row.status)),
            cell(row.in_stack, style=style(row.in_stack)),
            cell(*row.policies, style="code")
            if row.policies and row.in_stack in ("exact", "partial")
            else cell(row.reason),
            status_cell(row.result) if row.result else cell("-", style="muted"),
        )
        for row in rows
    )


def _usage_cell(grant: IamGrant) -> Cell:
    if not grant.usage_known:
        return cell("-", style="muted")
    unused = (f"never called: {', '.join(grant.unused)}",) if grant.unused else ()
    return cell(*grant.used, *unused, style="warn" if grant.unused else "pass")


def iam_section(model: ReviewModel) -> Section:
    usage_known = any(g.usage_known for role in model.iam for g in role.grants)
    roles = tuple(
        (
            cell(r.name, style="code"),
            cell(r.role_name),
            cell(*r.trusted),
            cell(*r.used_by),
            cell(f"{r.location.path}:{r.location.line}", style="code"),
        )
        for r in model.iam
    )
    grants = tuple(
        (
            cell(role.name, style="code"),
            cell(g.policy),
            cell(g.sid),
            cell(g.effect),
            cell(*g.actions, style="code"),
            cell(*g.resources, style="code"),
            cell(*g.flags, style="flag") if g.flags else cell(*g.notes, style="muted") if g.notes else cell("none"),
            *((_usage_cell(g),) if usage_known else ()),
        )
        for role in model.iam
        for g in role.grants
    )
    flagged = sum(1 for role in model.iam for g in role.grants if g.flags)
    blocks: list[Block] = [
        Paragraph(f"{len(model.iam)} roles, {len(grants)} statements, {flagged} with a wildcard that widens access."),
        Table(("role", "name", "assumed by", "used by", "declared at"), roles),
        Table(
            ("role", "policy", "sid", "effect", "actions", "resources", "wildcards")
            + (("used in the local run",) if usage_known else ()),
            grants,
        ),
    ]
    if usage_known:
        blocks.insert(
            1,
            Paragraph(
                "Used in the local run: the calls each statement allowed while `fraudctl local` ran the functions "
                "as their roles with IAM enforced (the usage file is listed under Summary). moto matches resources "
                "for S3, DynamoDB and SQS calls; an action never called is a candidate for removal, or untested. "
                "Calls the Lambda service makes with the role itself (logs, X-Ray, the VPC network interfaces) "
                "are not emulated locally, so they always show as never called."
            ),
        )
    return Section("iam", "IAM permission matrix", tuple(blocks))


def data_section(model: ReviewModel) -> Section:
    rows = tuple(
        (
            cell(d.kind),
            cell(d.name, style="code"),
            cell(d.physical_name),
            cell(d.at_rest),
            cell(d.in_transit),
            cell(*d.safeguards),
            cell(*d.concerns, style="flag") if d.concerns else cell("none"),
        )
        for d in model.data_protection
    )
    headers = ("store", "name", "physical name", "encryption at rest", "in transit", "safeguards", "concerns")
    return Section("data-protection", "Data protection", (Table(headers, rows),))


def exposure_section(model: ReviewModel) -> Section:
    e = model.exposure
    internet = tuple(
        (
            cell(entry.kind),
            cell(entry.name, style="code"),
            cell(entry.endpoint, style="code"),
            cell(*entry.routes),
            cell(*entry.protections),
            cell(*entry.concerns, style="flag") if entry.concerns else cell("none"),
        )
        for entry in e.internet
    )
    blocks: list[Block] = [Subheading("Reachable from the internet")]
    if internet:
        blocks.append(Table(("entry point", "name", "endpoint", "routes", "protected by", "concerns"), internet))
    else:
        blocks.append(Paragraph("Nothing in the stack is reachable from the internet."))
    blocks += [
        Subheading("Who can invoke the functions"),
        Bullets(tuple(cell(g) for g in e.invoke_grants) or (cell("no resource-based permissions"),)),
    ]
    blocks += [Subheading("Private network"), Bullets(tuple(cell(f) for f in e.private_network) or (cell("no VPC"),))]
    if e.not_public:
        blocks += [Subheading("Kept private by policy"), Bullets(tuple(cell(f) for f in e.not_public))]
    return Section("exposure", "Network exposure", tuple(blocks))
