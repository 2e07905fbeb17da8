"""The ``Policies:`` block, as plain text and through rich."""

from __future__ import annotations

import io
from dataclasses import replace

from rich.console import Console

from fraudctl.policy_engine import format_policies, render_policies

from .analyses import sample_analysis

EXPECTED = """\
Policies:
    ✅ clean@v0.2.0 (local: policies/clean)
    ❌ strict@v1.0.0 (local: policies/strict)
        - [advisory]  a-rule  (test:storage:Bucket: raw-events)
          a-rule description
        - [mandatory]  a-rule  (pulumi:pulumi:Stack: fraud-detection-dev)
          a-rule description
          Stack-wide.
        - [mandatory]  a-rule  (test:storage:Bucket: ok)
          a-rule description
          Too short.
        - [mandatory]  b-rule  (test:storage:Bucket: raw-events)
          b-rule description
          Line one <b> & more.
          Line two [bold]x[/bold]
    ⚠️ warn@v0.1.0 (local: policies/warn)
        - [advisory]  w-rule  (test:storage:Bucket: ok)
          w-rule description
          Just a warning.
"""


def test_block_text_matches_the_cli_layout() -> None:
    # Packs sorted by name@version; violations by level, then policy, then URN; a blank line closes the block.
    assert format_policies(sample_analysis()) == EXPECTED


def test_rich_output_without_a_terminal_has_no_colour_and_keeps_brackets() -> None:
    out = io.StringIO()
    render_policies(sample_analysis(), Console(file=out, force_terminal=False, width=40))
    text = out.getvalue()
    assert "\x1b[" not in text
    assert "Line two [bold]x[/bold]" in text  # not interpreted as rich markup
    assert text == EXPECTED + "\n"  # soft wrap: long lines are not broken at the console width


def test_rich_output_on_a_terminal_is_coloured() -> None:
    out = io.StringIO()
    render_policies(sample_analysis(), Console(file=out, force_terminal=True, color_system="standard"))
    assert "\x1b[31m[mandatory]  a-rule" in out.getvalue()  # mandatory in red
    assert "\x1b[33m[advisory]  w-rule" in out.getvalue()  # advisory in yellow


def test_no_packs_no_block() -> None:
    assert format_policies(replace(sample_analysis(), packs=())) == ""
