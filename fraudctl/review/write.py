"""Writing the four reports side by side; the same model always produces the same bytes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .layout import build_document
from .model import ReviewModel
from .render_html import render_html
from .render_json import render_json
from .render_markdown import render_markdown
from .render_sarif import render_sarif

BASENAME = "security-review"


@dataclass(frozen=True)
class ReviewFiles:
    markdown: Path
    html: Path
    json: Path
    sarif: Path

    def all(self) -> tuple[Path, ...]:
        return (self.markdown, self.html, self.json, self.sarif)


def write_review(model: ReviewModel, out_dir: Path) -> ReviewFiles:
    out_dir.mkdir(parents=True, exist_ok=True)
    document = build_document(model)
    files = ReviewFiles(
        markdown=out_dir / f"{BASENAME}.md",
        html=out_dir / f"{BASENAME}.html",
        json=out_dir / f"{BASENAME}.json",
        sarif=out_dir / f"{BASENAME}.sarif",
    )
    for path, text in zip(
        files.all(),
        (render_markdown(document), render_html(document), render_json(model), render_sarif(model)),
        strict=True,
    ):
        path.write_text(text, encoding="utf-8", newline="\n")
    return files
