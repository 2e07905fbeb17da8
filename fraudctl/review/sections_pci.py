"""The "PCI DSS v4.0.1" section: the requirements the stack evidences through Security Hub's mapping, those it does
not, and the twelve principal requirements with what a stack can and cannot show."""

from __future__ import annotations

from .document import Block, Bullets, Cell, Paragraph, Section, Subheading, Table, cell, status_cell
from .model import ReviewModel
from .model_pci import BEYOND, EVIDENCED, NOT_EVIDENCED, PARTLY, PciControl

STYLE = {EVIDENCED: "pass", PARTLY: "warn", NOT_EVIDENCED: "fail", BEYOND: "muted"}
TITLE = "PCI DSS v4.0.1"


def _evidence(evidence: str) -> Cell:
    return cell(evidence, style=STYLE.get(evidence, ""))


def _control(c: PciControl) -> str:
    result = f", {c.result}" if c.result else ""
    return f"{c.control} ({c.in_stack}{result})"


def pci_section(model: ReviewModel) -> Section:
    pci = model.pci
    if pci is None:
        return Section("pci-dss", TITLE, (Paragraph("The pack's catalogue maps no control to PCI DSS v4.0.1."),))
    counts = pci.counts()
    unmapped = [p.number for p in pci.principals if not p.requirements]
    blocks: list[Block] = [
        Paragraph(pci.caveat, "strong"),
        Paragraph(
            f"{len(pci.requirements)} requirements of {pci.title} are related by AWS Security Hub to controls this "
            f"pack catalogues: {counts[EVIDENCED]} evidenced by this stack (the controls' policies pass here), "
            f"{counts[PARTLY]} partly, {counts[NOT_EVIDENCED]} not evidenced (failing or excepted), "
            f"{counts[BEYOND]} beyond the stack (account-level controls). Principal requirements with no related "
            f"control: {', '.join(unmapped) or 'none'}; a cloud configuration cannot show them."
        ),
        Paragraph(f"How the mapping was read ({pci.read}): {pci.mapping}", "muted"),
        Subheading("Requirements related to the pack's controls"),
        Table(
            ("requirement", "title (abridged)", "here", "controls (status in this stack, result)", "why not"),
            tuple(
                (
                    cell(r.requirement),
                    cell(r.title),
                    _evidence(r.evidence),
                    cell(*(_control(c) for c in r.controls)),
                    cell(*(f"{c.control}: {c.reason}" for c in r.controls if c.reason and c.evidence != EVIDENCED))
                    if r.evidence != EVIDENCED
                    else cell("-", style="muted"),
                )
                for r in pci.requirements
            ),
        ),
        Subheading("The twelve principal requirements"),
        Table(
            ("", "requirement", "related here", "a stack can show", "it cannot show"),
            tuple(
                (
                    cell(p.number),
                    cell(p.title),
                    cell(*(f"{r}: {e}" for r, e in p.requirements))
                    if p.requirements
                    else cell("no related control", style="muted"),
                    cell(p.can_show),
                    cell(p.cannot_show),
                )
                for p in pci.principals
            ),
        ),
        *_policies(model),
    ]
    return Section("pci-dss", TITLE, tuple(blocks))


def _policies(model: ReviewModel) -> list[Block]:
    assert model.pci is not None
    mapped = [p for p in model.pci.policies if p.requirements]
    unlisted = [p.policy for p in model.pci.policies if p.controls and not p.requirements]
    no_control = [p.policy for p in model.pci.policies if not p.controls]
    return [
        Subheading(f"Every policy, through its controls ({len(model.pci.policies)} policies)"),
        Table(
            ("policy", "controls", "requirements", "result here"),
            tuple(
                (
                    cell(p.policy, style="code"),
                    cell(*p.controls),
                    cell(*p.requirements),
                    status_cell(p.result) if p.result else cell("-", style="muted"),
                )
                for p in mapped
            ),
        ),
        Bullets(
            (
                cell(
                    f"{len(unlisted)} policies name controls for which Security Hub lists no {model.pci.framework} "
                    f"requirement: {', '.join(unlisted) or 'none'}."
                ),
                cell(
                    f"{len(no_control)} policies name no Security Hub control (spec settings and Checkov-only "
                    f"checks): {', '.join(no_control) or 'none'}."
                ),
            )
        ),
    ]
