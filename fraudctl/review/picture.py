"""The stack's exposure as one inline SVG picture: what the internet reaches, what stands in front, what runs behind,
where data is kept and how it is encrypted. Drawn from the review model (itself read from the recorded graph), with
no external asset: plain shapes and text, every value escaped, scaled to the page width by its viewBox.
"""

from __future__ import annotations

import math
from html import escape

from .model import ReviewModel

WIDTH, BOX_W, BOX_H, GAP = 1000, 230, 58, 14
COLUMNS = (10, 255, 500, 760)  # internet, in front, compute, data
TITLE_CHARS, LINE_CHARS = 25, 33  # what fits a box at 12 px bold and 11 px, squeezed to its width when near it
EM = {"title": 12 * 0.68, "line": 11 * 0.6}  # a character's width in px, generous (DejaVu Sans, bold for titles)
COLOURS = {"internet": "#ffebe9", "front": "#fff8c5", "compute": "#ddf4ff", "data": "#dafbe1"}


def _box(x: int, y: int, kind: str, title: str, *lines: str) -> str:
    texts = [_line(x + 8, y + 18, 'font-weight="600"', title, "title", TITLE_CHARS)]
    texts += [
        _line(x + 8, y + 34 + 14 * i, 'font-size="11"', line, "line", LINE_CHARS) for i, line in enumerate(lines[:2])
    ]
    return (
        f'<g><rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="6" fill="{COLOURS[kind]}" '
        f'stroke="#57606a"/>{"".join(texts)}</g>'
    )


def _arrow(x1: int, y1: int, x2: int, y2: int) -> str:
    # The head is drawn, not a <marker>: a marker is referenced with url(#...), and the page references nothing.
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    left = (x2 - 8 * ux - 4 * uy, y2 - 8 * uy + 4 * ux)
    right = (x2 - 8 * ux + 4 * uy, y2 - 8 * uy - 4 * ux)
    head = " ".join(f"{x:.1f},{y:.1f}" for x, y in ((x2, y2), left, right))
    return f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="#57606a"/><polygon points="{head}" fill="#57606a"/>'


def _fit(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _line(x: int, y: int, style: str, text: str, kind: str, limit: int) -> str:
    shown = _fit(text, limit)
    return f'<text x="{x}" y="{y}" {style}{_squeeze(shown, kind)}>{escape(shown)}</text>'


def _squeeze(text: str, kind: str) -> str:
    # Character counts only estimate a font's width (DejaVu Sans runs wider than most); textLength makes the viewer
    # fit the text to the box's inner width, without a clip path (the page references nothing by url(#...)).
    if len(text) * EM[kind] <= BOX_W - 16:
        return ""
    return f' textLength="{BOX_W - 16}" lengthAdjust="spacingAndGlyphs"'


def _column(items: list[tuple[str, ...]], top: int = 40) -> list[int]:
    return [top + i * (BOX_H + GAP) for i in range(len(items))]


def _arrows(
    model: ReviewModel,
    positions: list[list[int]],
    front: list[tuple[str, ...]],
    compute: list[tuple[str, ...]],
    data: list[tuple[str, ...]],
) -> list[str]:
    """Only the paths the stack has: internet -> WAF -> API stage -> the functions API Gateway may invoke -> the
    stores their roles are granted."""
    arrows: list[str] = []
    mid = BOX_H // 2
    internet, front_ys, compute_ys, data_ys = positions
    if internet and front_ys:
        arrows.append(_arrow(COLUMNS[0] + BOX_W, internet[0] + mid, COLUMNS[1] - 4, front_ys[0] + mid))
    for i in range(len(front) - 1):
        if front[i][0] == "WAF web ACL":  # the ACL stands in front of the stage drawn under it
            x = COLUMNS[1] + BOX_W // 2
            arrows.append(_arrow(x, front_ys[i] + BOX_H, x, front_ys[i + 1] - 3))
    stage = next((y for item, y in zip(front, front_ys, strict=True) if item[0] != "WAF web ACL"), None)
    from_api = {g.split(" ", 1)[0] for g in model.exposure.invoke_grants if "apigateway.amazonaws.com" in g}
    granted = {
        user.split(" ", 1)[-1]: " ".join(r for g in role.grants for r in g.resources)
        for role in model.iam
        for user in role.used_by
        if user.startswith("Function ")
    }
    for item, y in zip(compute, compute_ys, strict=True):
        name = item[0].removeprefix("λ ")
        if stage is not None and name in from_api:
            arrows.append(_arrow(COLUMNS[1] + BOX_W, stage + mid, COLUMNS[2] - 4, y + mid))
        for store, target in zip(data, data_ys, strict=True):
            physical = store[0].split(" ", 1)[-1]
            if physical and physical in granted.get(name, ""):
                arrows.append(_arrow(COLUMNS[2] + BOX_W, y + mid, COLUMNS[3] - 4, target + mid))
    return arrows


def exposure_svg(model: ReviewModel) -> str:
    internet = [("Internet", "any client with an API key")] if model.exposure.internet else []
    front: list[tuple[str, ...]] = []
    for entry in model.exposure.internet:
        waf = next((p for p in entry.protections if p.startswith("WAF")), "")
        if waf:
            front.append(("WAF web ACL", waf.split(":", 1)[0].removeprefix("WAF web ACL ")))
        throttle = next((p for p in entry.protections if "throttling" in p), "no stage throttling")
        front.append(
            (entry.name, "HTTPS, " + ("API key" if "API key" in " ".join(entry.routes) else "no API key"), throttle)
        )
    private = any("no route to or from the internet" in fact for fact in model.exposure.private_network)
    compute = [
        (f"λ {f.function}", "in the VPC, no internet route" if private else "Lambda", f"tracing {f.tracing}")
        for f in model.monitoring.functions
    ]
    data = [
        (f"{d.kind.split(' ')[-1]} {d.physical_name or d.name}", d.at_rest, d.in_transit.split(";")[0])
        for d in model.data_protection
        if not d.kind.startswith("CloudWatch")
    ]
    columns = (internet, front, compute, data)
    height = 60 + max((len(c) for c in columns), default=1) * (BOX_H + GAP)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        'aria-labelledby="exposure-title" font-family="system-ui,sans-serif" font-size="12">',
        '<title id="exposure-title">Exposure of the stack: internet, front door, functions, data</title>',
    ]
    for x, label in zip(COLUMNS, ("Internet", "In front", "Runs behind", "Data at rest"), strict=True):
        parts.append(f'<text x="{x}" y="24" font-weight="700">{label}</text>')
    positions = []
    for x, kind, items in zip(COLUMNS, COLOURS, columns, strict=True):
        ys = _column(items)
        positions.append(ys)
        parts += [_box(x, y, kind, *item) for y, item in zip(ys, items, strict=True)]
    parts += _arrows(model, positions, front, compute, data)
    parts.append("</svg>")
    return "".join(parts)
