"""Every corpus program previews without a pack and with one, with the exit code and verdict the CLI would give."""

from __future__ import annotations

import pytest

from .helpers import STACK_REFERENCES, preview

pytestmark = pytest.mark.slow

REFS = ("--stack-reference-outputs", str(STACK_REFERENCES))
# program -> (pack, exit code with the pack, the pack's status mark in "Policies:")
CASES = {
    "unknowns": ("unknown_values", 0, "⚠️"),
    "resource_refs": ("aws_basics", 0, "✅"),
    "transforms": ("aws_basics", 0, "✅"),
    "remediation": ("remediation", 0, "⚠️"),
    "invokes": ("aws_basics", 0, "✅"),
    "engine_faithful": ("provider", 0, "✅"),
    "parent_dependencies": ("parent_dependencies", 0, "✅"),
    "s3_folder_website": ("aws_basics", 1, "❌"),
    "apigateway_lambda": ("aws_basics", 0, "✅"),
    "fargate_vpc": ("aws_basics", 0, "⚠️"),
    "ec2_ami": ("aws_basics", 1, "❌"),
}


@pytest.mark.parametrize("program", sorted(CASES))
def test_previews_without_a_pack(program):
    outcome = preview(program, *REFS)
    assert outcome.code == 0, outcome.err
    assert outcome.out.startswith("Previewing update (dev):")
    assert "Policies:" not in outcome.out
    resources = outcome.section("Resources:")
    assert resources and resources[0].startswith("    + ") and resources[0].endswith(" to create")


@pytest.mark.parametrize("program", sorted(CASES))
def test_previews_with_a_pack(program):
    pack, code, mark = CASES[program]
    outcome = preview(program, *REFS, pack=pack)
    assert outcome.code == code, outcome.out + outcome.err
    assert outcome.section("Policies:")[0].startswith(f"    {mark} ")
    summaries = outcome.events_of("policyAnalyzeSummaryEvent")
    assert summaries and all(s["resourceUrn"].startswith(f"urn:pulumi:dev::{program}::") for s in summaries)
    # The plan is the same with or without the pack (rows in registration order, which the SDK's threads vary).
    assert sorted(_rows(outcome.out)) == sorted(_rows(preview(program, *REFS).out))


def _rows(out: str) -> list[str]:
    return [
        " ".join(line.replace("├─", "").replace("└─", "").replace("│", "").split())
        for line in out.splitlines()
        if line.startswith("+ ")
    ]
