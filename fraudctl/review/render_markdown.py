"""The review as GitHub-flavoured Markdown: headings, paragraphs, lists and pipe tables, every value escaped."""

from __future__ import annotations

import re

from .document import Bullets, Cell, Document, Figure, Paragraph, Subheading, Table

# Characters that Markdown (or the HTML GitHub allows inside it) would interpret in running text.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|#!~])")
_MARKS = {"pass": "✅ ", "fail": "❌ ", "warn": "⚠️ ", "flag": "⚠️ "}


def escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def code(text: str) -> str:
    text = " ".join(text.split()).replace("|", "\\|")  # a pipe ends a table cell even inside a code span
    fence = "``" if "`" in text else "`"
    return f"{fence} {text} {fence}" if fence == "``" else f"`{text}`"


def format_cell(value: Cell) -> str:
    if not value.items:
        return ""
    if value.style == "code":
        parts = [code(item) for item in value.items]
    else:
        parts = [_MARKS.get(value.style, "") + escape(item) for item in value.items]
    if value.style == "muted":
        parts = [f"_{part}_" for part in parts]
    return "<br>".join(parts)


def _table(table: Table) -> list[str]:
    lines = ["| " + " | ".join(escape(h) for h in table.headers) + " |", "|" + " --- |" * len(table.headers)]
    lines += ["| " + " | ".join(format_cell(c) for c in row) + " |" for row in table.rows]
    return lines


def _paragraph(paragraph: Paragraph) -> str:
    text = escape(paragraph.text)
    if paragraph.style.startswith("verdict-"):
        mark = {"verdict-pass": "✅", "verdict-warn": "⚠️", "verdict-fail": "❌"}[paragraph.style]
        return f"> **{mark} {text}**"
    if paragraph.style == "strong":
        return f"**{text}**"
    return f"_{text}_" if paragraph.style == "muted" else text


def _slug(title: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-")


def render_markdown(document: Document) -> str:
    lines = [f"# {escape(document.title)}", ""]
    lines.append(" · ".join(f"[{escape(s.title)}](#{_slug(s.title)})" for s in document.sections))
    lines.append("")
    for section in document.sections:
        lines += [f"## {escape(section.title)}", ""]
        for block in section.blocks:
            if isinstance(block, Paragraph):
                lines.append(_paragraph(block))
            elif isinstance(block, Subheading):
                lines.append(f"### {escape(block.text)}")
            elif isinstance(block, Bullets):
                lines += [f"- {format_cell(item)}" for item in block.items]
            elif isinstance(block, Table):
                lines += _table(block) if block.rows else ["_none_"]
            elif isinstance(block, Figure):
                lines.append(f"_{escape(block.caption)} (drawn in the HTML review)_")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"
