"""The ``Policies:`` block of ``pulumi preview``, rendered with rich.

Mirrors pkg/backend/display/progress.go ``printPolicies`` and diff.go ``renderDiffPolicyViolationEvent``: packs sorted
by ``name@vversion``, a status mark per pack (✅ no violations, ⚠️ advisory only, ❌ any mandatory), then each violation
sorted by enforcement level, policy name and URN as ``- [level]  policy  (type: name)`` followed by the engine message
(the description line, then the violation text), indented; before them, without --show-policy-remediations, one
``- [remediate]  policy  (N resources)`` line per remediating policy. Text is built from ``rich.text.Text`` pieces,
never markup, so a ``[...]`` in a policy message is printed as is; rich drops colour by itself when the output is not
a terminal.
"""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.text import Text

from .levels import counts_as_mandatory
from .model import Diagnostic, PolicyAnalysis

_PACK_INDENT = "    "
_ITEM_INDENT = "        "


def policy_lines(analysis: PolicyAnalysis) -> list[Text]:
    """The block as styled lines (the last one empty, as the CLI prints a blank line after the block); no lines at
    all when no pack ran, as the CLI then prints no block."""
    if not analysis.packs:
        return []
    packs: dict[str, tuple[list[str], list[Diagnostic], Counter[str]]] = {}
    for pack in analysis.packs:
        paths, diagnostics, remediated = packs.setdefault(pack.info.label, ([], [], Counter()))
        paths.append(pack.info.display_path)
        diagnostics.extend(pack.diagnostics)
        remediated.update(r.policy_name for r in pack.remediations)
    lines = [Text("Policies:", style="bold magenta")]
    for label in sorted(packs):
        paths, diagnostics, remediated = packs[label]
        line = Text(f"{_PACK_INDENT}{_status(diagnostics)} ")
        line.append(label, style="magenta")
        line.append(f" (local: {'; '.join(sorted(paths))})")
        lines.append(line)
        for policy in sorted(remediated):  # remediations first, since they happen first; a count per policy
            count = remediated[policy]
            item = Text(f"{_ITEM_INDENT}- ")
            item.append(f"[remediate]  {policy}", style="magenta")
            item.append(f"  ({count} {'resource' if count == 1 else 'resources'})")
            lines.append(item)
        for d in sorted(diagnostics, key=lambda d: (str(d.enforcement_level), d.policy_name, d.urn)):
            lines.extend(_violation_lines(d))
    lines.append(Text(""))
    return lines


def format_policies(analysis: PolicyAnalysis) -> str:
    """The block as plain text (for logs, reports and tests)."""
    return "\n".join(line.plain for line in policy_lines(analysis))


def render_policies(analysis: PolicyAnalysis, console: Console | None = None) -> None:
    """Print the block; colour only when ``console`` writes to a terminal (rich decides)."""
    console = console or Console(highlight=False)
    for line in policy_lines(analysis):
        console.print(line, soft_wrap=True, highlight=False)


def _status(diagnostics: list[Diagnostic]) -> str:
    if any(counts_as_mandatory(d.enforcement_level) for d in diagnostics):
        return "❌"
    return "⚠️" if diagnostics else "✅"


def _violation_lines(d: Diagnostic) -> list[Text]:
    style = "red" if counts_as_mandatory(d.enforcement_level) else "yellow"
    heading = Text(f"{_ITEM_INDENT}- ")
    heading.append(f"[{d.enforcement_level}]  {d.policy_name}", style=style)
    heading.append(f"  ({d.resource_type}: {d.resource_name})")
    # The engine's message is the pack's text plus one newline, trimmed once before printing.
    body = [Text(f"{_ITEM_INDENT}  {line}") for line in d.full_message.split("\n")]
    return [heading, *body]
