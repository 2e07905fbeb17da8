"""The review as one self-contained HTML page: inline CSS, no script, no external reference; every value escaped."""

from __future__ import annotations

from html import escape

from .document import Bullets, Cell, Document, Figure, Paragraph, Subheading, Table

STYLE = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1200px;color:#1f2328}
body{padding:0 1rem}
h1{font-size:1.6rem}h2{border-bottom:1px solid #d0d7de;padding-bottom:.3rem;margin-top:2.2rem}h3{margin-top:1.4rem}
nav a{margin-right:.8rem}table{border-collapse:collapse;margin:.6rem 0;width:100%}
th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#f6f8fa}
th,td,p,li,code{overflow-wrap:anywhere}figure{margin:1rem 0}svg{max-width:100%;height:auto}
figcaption{color:#656d76;font-size:.9em}
td div+div{margin-top:.15rem}
code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;background:#f6f8fa;padding:0 .2rem;white-space:pre-wrap}
.pass{color:#1a7f37;font-weight:600}.fail{color:#cf222e;font-weight:600}.warn,.flag{color:#9a6700;font-weight:600}
.muted{color:#656d76}
.verdict{font-size:1.3rem;font-weight:700;padding:.6rem 1rem;border-radius:6px;display:inline-block}
.verdict-pass{background:#dafbe1;color:#1a7f37}.verdict-warn{background:#fff8c5;color:#9a6700}
.verdict-fail{background:#ffebe9;color:#cf222e}
"""


def _cell(value: Cell, tag: str = "td") -> str:
    if value.style == "code":
        parts = [f"<code>{escape(item)}</code>" for item in value.items]
    else:
        parts = [escape(item) for item in value.items]
    css = f' class="{value.style}"' if value.style and value.style != "code" else ""
    inner = parts[0] if len(parts) == 1 else "".join(f"<div>{part}</div>" for part in parts)
    return f"<{tag}{css}>{inner}</{tag}>"


def _table(table: Table) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in table.headers)
    body = "\n".join("<tr>" + "".join(_cell(c) for c in row) + "</tr>" for row in table.rows)
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def _paragraph(paragraph: Paragraph) -> str:
    if paragraph.style.startswith("verdict-"):
        return f'<p class="verdict {paragraph.style}">{escape(paragraph.text)}</p>'
    if paragraph.style == "strong":
        return f"<p><strong>{escape(paragraph.text)}</strong></p>"
    css = f' class="{paragraph.style}"' if paragraph.style else ""
    return f"<p{css}>{escape(paragraph.text)}</p>"


def render_html(document: Document) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(document.title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>{escape(document.title)}</h1>",
        "<nav>" + "".join(f'<a href="#{escape(s.id)}">{escape(s.title)}</a>' for s in document.sections) + "</nav>",
    ]
    for section in document.sections:
        parts.append(f'<section id="{escape(section.id)}">')
        parts.append(f"<h2>{escape(section.title)}</h2>")
        for block in section.blocks:
            if isinstance(block, Paragraph):
                parts.append(_paragraph(block))
            elif isinstance(block, Subheading):
                parts.append(f"<h3>{escape(block.text)}</h3>")
            elif isinstance(block, Bullets):
                parts.append("<ul>" + "".join(_cell(item, "li") for item in block.items) + "</ul>")
            elif isinstance(block, Table):
                parts.append(_table(block) if block.rows else '<p class="muted">none</p>')
            elif isinstance(block, Figure):  # the SVG is built by picture.py, every value in it escaped there
                parts.append(f"<figure>{block.svg}<figcaption>{escape(block.caption)}</figcaption></figure>")
        parts.append("</section>")
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"
