"""The HTML page parses, references nothing outside itself, and escapes every value."""

from __future__ import annotations

import dataclasses
from html.parser import HTMLParser

from fraudctl.review import ReviewFiles, ReviewModel, picture
from fraudctl.review.layout import build_document
from fraudctl.review.render_html import render_html

VOID = {"meta", "br", "link", "img", "input", "hr"}


class Page(HTMLParser):
    """Collects tags and URL-bearing attributes, and checks that every element is closed in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.urls: list[str] = []
        self.open: list[str] = []
        self.errors: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.urls += [value or "" for name, value in attrs if name in ("src", "href", "action", "srcset", "poster")]
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open.pop() != tag:
            self.errors.append(f"unexpected </{tag}>")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(text: str) -> Page:
    page = Page()
    page.feed(text)
    page.close()
    return page


def test_the_page_is_well_formed_and_self_contained(real_files: ReviewFiles) -> None:
    text = real_files.html.read_text()
    page = parse(text)
    assert text.startswith("<!DOCTYPE html>")
    assert page.errors == [] and page.open == []
    assert not {"script", "link", "img", "iframe", "object", "embed"} & set(page.tags)
    assert page.urls and all(url.startswith("#") for url in page.urls)  # only in-page anchors
    assert "url(" not in text and "@import" not in text  # no CSS fetches either
    assert "<style>" in text and page.tags.count("section") == 13


def test_values_from_the_stack_are_escaped(real_model: ReviewModel) -> None:
    hostile = '<script>alert("x")</script><img src="https://evil.example/x.png">'
    findings = tuple(dataclasses.replace(f, message=hostile, resource_name=hostile) for f in real_model.findings)
    model = dataclasses.replace(real_model, findings=findings)
    text = render_html(build_document(model))
    page = parse(text)
    assert "script" not in page.tags and "img" not in page.tags
    assert hostile in "".join(page.text)  # shown as text, exactly


def test_the_verdict_is_shown_first(real_files: ReviewFiles, real_model: ReviewModel) -> None:
    text = real_files.html.read_text()
    verdict, css = "PASS WITH ADVISORIES", "verdict-warn"
    verdict = text.index(f'<p class="verdict {css}">Verdict: {verdict}</p>')
    assert text.index("<h2>Summary</h2>") < verdict < text.index("<h2>Findings</h2>")


def test_the_page_opens_with_the_exposure_picture_drawn_inline(real_files: ReviewFiles) -> None:
    text = real_files.html.read_text()
    first = text.index("<section ")
    assert text[first:].startswith('<section id="at-a-glance">') and text.count("<svg") == 1
    svg = text[text.index("<svg") : text.index("</svg>")]
    for label in ("Internet", "WAF web ACL", "api-rest-api stage dev", "λ transaction-processor", "SSE-S3 (AES256)"):
        assert label in svg, label
    assert "KMS, AWS managed key aws/dynamodb" in svg  # how the tables are encrypted
    assert svg.count("<line") >= 6  # internet -> WAF -> stage -> processor -> tables, and the other functions' stores
    assert 'width="100%"' in svg and "viewBox" in svg  # scales to the page, never wider


def test_long_values_wrap_instead_of_widening_the_page(real_files: ReviewFiles) -> None:
    # A laptop screen (1280-1440 px) holds the 1200 px column; ARNs and policy names wrap inside their cells.
    text = real_files.html.read_text()
    style = text[text.index("<style>") : text.index("</style>")]
    assert "max-width:1200px" in style and "overflow-wrap:anywhere" in style and "white-space:pre-wrap" in style
    assert "nowrap" not in style and "min-width" not in style


def test_a_box_line_too_wide_for_its_box_is_fitted_to_it_and_a_short_one_is_left_alone() -> None:
    # Character limits only estimate a font's width: DejaVu Sans drew "KMS, AWS managed key aws/dynamodb" past the
    # box's edge in Chromium at 1366 px. Such a line is given the box's inner width; a short line keeps its own.
    long_line = picture._line(0, 0, 'font-size="11"', "KMS, AWS managed key aws/dynamodb", "line", picture.LINE_CHARS)
    short_line = picture._line(0, 0, 'font-size="11"', "tracing Active", "line", picture.LINE_CHARS)
    assert f'textLength="{picture.BOX_W - 16}"' in long_line and 'lengthAdjust="spacingAndGlyphs"' in long_line
    assert "textLength" not in short_line and ">tracing Active<" in short_line
