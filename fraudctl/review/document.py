"""The review laid out once as sections of paragraphs, lists and tables; Markdown and HTML only format it.

Cells carry a style instead of markup ("code", "pass", "fail", "warn", "flag"), so each renderer escapes the text
its own way and no value from the stack can inject markup into either format.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Cell:
    items: tuple[str, ...]
    style: str = ""  # "" | "code" | "pass" | "fail" | "warn" | "flag" | "muted"


def cell(*items: object, style: str = "") -> Cell:
    return Cell(tuple(str(i) for i in items if i not in (None, "")), style)


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str = ""  # "" | "strong" | "muted" | "verdict-pass" | "verdict-warn" | "verdict-fail"


@dataclass(frozen=True)
class Bullets:
    items: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class Subheading:
    text: str


@dataclass(frozen=True)
class Figure:
    """A picture the HTML page draws inline (SVG built by the review itself, values escaped); Markdown shows the
    caption only."""

    svg: str
    caption: str


Block = Paragraph | Bullets | Table | Subheading | Figure


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Document:
    title: str
    sections: tuple[Section, ...]


VERDICT_STYLE = {"PASS": "verdict-pass", "PASS WITH ADVISORIES": "verdict-warn", "FAIL": "verdict-fail"}


def status_cell(status: str, level: str = "") -> Cell:
    if status == "warn" or (status == "fail" and level == "advisory"):
        return cell("fail (advisory)", style="warn")
    if status == "fail":
        return cell("fail", style="fail")
    return cell(status, style="pass" if status == "pass" else "muted")
