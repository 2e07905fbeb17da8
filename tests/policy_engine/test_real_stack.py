"""The recorder's real dev stack through the real gRPC path: the input contract holds end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fraudctl.policy_engine import PolicyAnalysis, run_policy_packs, write_event_log
from fraudctl.program.model import ProgramRun

from .helpers import PACKS

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def analysis(stack: ProgramRun) -> PolicyAnalysis:
    return run_policy_packs(stack, [PACKS / "probe", PACKS / "provider"], None)


def test_every_recorded_resource_is_analyzed_and_sent_to_the_stack_policy(
    stack: ProgramRun, analysis: PolicyAnalysis
) -> None:
    probe = next(p for p in analysis.packs if p.info.name == "fixture-probe")
    assert [s.urn for s in probe.resource_summaries] == [r.urn for r in stack.resources]
    echo = next(d for d in probe.diagnostics if d.policy_name == "echo-stack")
    seen = json.loads(echo.message)
    assert [r["urn"] for r in seen] == [r.urn for r in stack.resources]
    assert analysis.timings.analyze_calls == 2 * len(stack.resources)


def test_real_provider_reaches_provider_policies(stack: ProgramRun, analysis: PolicyAnalysis) -> None:
    functions = [r for r in stack.resources if r.type == "aws:lambda/function:Function"]
    assert functions and all(r.provider_urn for r in functions)
    echo = next(d for d in analysis.diagnostics if d.policy_name == "echo-stack")
    seen = {r["urn"]: r for r in json.loads(echo.message)}
    provider = seen[functions[0].urn]["provider"]
    assert provider["urn"] == functions[0].provider_urn
    assert provider["props"]["region"] == stack.config["aws:region"]
    assert seen[functions[0].urn]["props"]["code"] == "AssetArchive"  # the archive arrives as an archive
    # Every resource uses an allowed region (the default allows us-east-2), so the provider pack passes.
    assert [d for d in analysis.diagnostics if d.policy_name == "allowed-regions"] == []


def test_event_log_of_the_real_stack_parses(stack: ProgramRun, analysis: PolicyAnalysis, tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    write_event_log(path, stack, analysis)
    events = [json.loads(line) for line in path.read_text().splitlines()]
    summaries = [e for e in events if "policyAnalyzeSummaryEvent" in e]
    assert len(summaries) == 2 * len(stack.resources)
    assert [e["sequence"] for e in events] == list(range(len(events)))
